package org.localexpert.app.text;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import android.content.Context;
import android.content.res.Configuration;

import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ShippedModels;
import org.robolectric.annotation.Config;

/**
 * Every label of every shipped model has a name for people, in English, Marathi and Hindi — read from the shipped
 * model files' metadata and their labels.txt (what a new GE would change), so a GE with a new class fails here
 * until the class is named in res/xml/label_names.xml. Labels that are not listed are shown as they are.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36)
public class LabelTextTest {
    private static final File MODELS = new File(System.getProperty("localexpert.models", "../models"));

    @Test
    public void everyPlantLabelOfTheShippedModelHasANameInEveryLanguage() throws IOException {
        Context english = ApplicationProvider.getApplicationContext();
        List<String> problems = new ArrayList<>();
        List<String> labels = shippedLabels(Domain.PLANT);
        assertTrue("the plant GE has its 15 labels: " + labels, labels.size() >= 15);
        for (String lang : new String[] {"en", "mr", "hi"}) {
            Context c = in(english, lang);
            Set<String> names = new HashSet<>();
            for (String label : labels) {
                String name = LabelText.of(c, Domain.PLANT, label);
                if (LabelText.resource(c, Domain.PLANT, label) == 0) problems.add(lang + ": no name for " + label);
                else if (!names.add(name)) problems.add(lang + ": two labels are both called " + name);
            }
        }
        if (!problems.isEmpty()) fail(String.join("\n", problems));
    }

    @Test
    public void namesArePlainWordsInTheUsersLanguage() {
        Context c = ApplicationProvider.getApplicationContext();
        assertEquals("Tomato: bacterial spot", LabelText.of(c, Domain.PLANT, "Tomato___Bacterial_spot"));
        assertEquals("Sugarcane: red rot", LabelText.of(c, Domain.PLANT, "RedRot"));
        assertEquals("ऊस: लाल सड", LabelText.of(in(c, "mr"), Domain.PLANT, "RedRot"));
        assertEquals("गन्ना: रतुआ", LabelText.of(in(c, "hi"), Domain.PLANT, "Rust"));
        assertNotEquals("the label id is never shown", "Tomato___Leaf_Mold", LabelText.of(c, Domain.PLANT, "Tomato___Leaf_Mold"));
    }

    @Test
    public void digitsAndTheUsersOwnLabelsAreShownAsTheyAre() throws IOException {
        Context c = in(ApplicationProvider.getApplicationContext(), "mr");
        for (String digit : shippedLabels(Domain.HANDWRITING)) {
            assertEquals("a digit is its own name", digit, LabelText.of(c, Domain.HANDWRITING, digit));
        }
        assertEquals("as the user typed it", "अ", LabelText.of(c, Domain.HANDWRITING, "अ"));
        assertEquals("a plant label the user added", "My weed", LabelText.of(c, Domain.PLANT, "My weed"));
        // the same id in another domain is another label
        assertEquals("Rust", LabelText.of(c, Domain.HANDWRITING, "Rust"));
    }

    /** The labels of a shipped GE: its metadata's (what the app reads) and labels.txt's, which must agree. */
    static List<String> shippedLabels(String domain) throws IOException {
        ShippedModels shipped = new ShippedModels(path -> new FileInputStream(new File(MODELS, path.substring("models/".length()))));
        List<String> fromModel = shipped.labels(domain);
        List<String> fromFile = new ArrayList<>();
        for (String line : Files.readAllLines(new File(MODELS, domain + "/labels.txt").toPath(), StandardCharsets.UTF_8)) {
            if (!line.trim().isEmpty()) fromFile.add(line.trim());
        }
        assertEquals(domain + ": labels.txt and the model's metadata name the same labels", fromFile, fromModel);
        return fromModel;
    }

    static Context in(Context c, String language) {
        Configuration config = new Configuration(c.getResources().getConfiguration());
        config.setLocale(new Locale(language));
        return c.createConfigurationContext(config);
    }
}

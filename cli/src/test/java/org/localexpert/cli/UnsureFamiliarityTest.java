package org.localexpert.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.localexpert.core.abstain.Familiarity;
import org.localexpert.core.abstain.TaughtBank;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.TfliteReader;

/**
 * Issue 18 through the commands: {@code evaluate} on the shipped handwriting GE applies the familiarity check
 * from its metadata, and a mixture written by {@code personalize} carries the check with the taught drawings'
 * features, which {@code evaluate} adds to the replay bank — so the user's own new symbol is compared with
 * what they taught, not only with digits.
 */
public class UnsureFamiliarityTest {
    @Rule public TemporaryFolder tmp = new TemporaryFolder();

    private static final Pattern BANK = Pattern.compile("unfamiliar below cosine ([0-9.]+) to (\\d+) reference inputs");

    @Test
    public void personalMixtureCarriesTheCheckAndItsTaughtDrawings() throws Exception {
        Assume.assumeTrue(DataLocation.missingMessage(DataLocation.MNIST), DataLocation.has(DataLocation.MNIST));
        Assume.assumeTrue(DataLocation.missingMessage(DataLocation.OMNIGLOT), DataLocation.has(DataLocation.OMNIGLOT));
        File ge = new File("../models/handwriting/handwriting-ge.tflite");
        if (!ge.isFile()) ge = new File("models/handwriting/handwriting-ge.tflite");
        Assume.assumeTrue("the shipped handwriting GE is not here: " + ge.getAbsolutePath(), ge.isFile());
        LocalExpertMetadata geMeta = LocalExpertMetadata.read(TfliteReader.read(ge.toPath()));
        Assume.assumeTrue("the shipped GE has no familiarity cut yet (bench-unsure --write)", Familiarity.inMetadata(geMeta));

        File user = tmp.newFolder("user"), held = tmp.newFolder("held");
        Dataset t10k = Mnist.load(DataLocation.root(), Mnist.Part.TEST);
        int[] written = new int[10];
        for (int i = 0; i < t10k.size(); i++) {
            int l = t10k.get(i).label();
            if (written[l] == 6) continue;
            writeDigit(t10k.get(i).features(), new File(user, l + "/" + i + ".png"));
            written[l]++;
        }
        File[] drawings = new File(DataLocation.require(DataLocation.OMNIGLOT), "images/Latin/character24").listFiles();
        Arrays.sort(drawings);
        for (int d = 0; d < drawings.length; d++) {
            File to = new File(d < 10 ? new File(user, "x") : new File(held, "x"), drawings[d].getName());
            to.getParentFile().mkdirs();
            Files.copy(drawings[d].toPath(), to.toPath());
        }
        File mixture = new File(tmp.getRoot(), "personal.tflite");
        String[] p = run("personalize", "--ge", ge.getPath(), "--user-data", user.getPath(), "--out", mixture.getPath(), "--folds", "2",
                "--engine", "java");
        assertEquals(p[1] + p[2], "0", p[0]);

        LocalExpertMetadata meta = LocalExpertMetadata.read(TfliteReader.read(mixture.toPath()));
        assertEquals(geMeta.properties().get(Familiarity.KEY_VALUE), meta.properties().get(Familiarity.KEY_VALUE));
        assertEquals("every taught drawing's features travel with the mixture", 70, TaughtBank.readFrom(meta, 500).length / 500);

        String[] e = run("evaluate", "--model", mixture.getPath(), "--data", held.getPath(), "--ge", ge.getPath());
        assertEquals(e[1] + e[2], "0", e[0]);
        Matcher m = BANK.matcher(e[1]);
        assertTrue(e[1], m.find());
        assertEquals("the replay bank (300) plus the 70 taught drawings", 370, Integer.parseInt(m.group(2)));
        String[] g = run("evaluate", "--model", ge.getPath(), "--data", held.getPath(), "--label-map", "x=0");
        Matcher gm = BANK.matcher(g[1]);
        assertTrue(g[1], gm.find());
        assertEquals("the GE alone compares with the replay bank only", 300, Integer.parseInt(gm.group(2)));
    }

    private static void writeDigit(float[] pixels, File f) throws Exception {
        f.getParentFile().mkdirs();
        BufferedImage im = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) im.getRaster().setSample(x, y, 0, Math.round(pixels[y * 28 + x] * 255));
        }
        ImageIO.write(im, "png", f);
    }

    private static String[] run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(argv, new PrintStream(out, true), new PrintStream(err, true));
        return new String[] {Integer.toString(code), new String(out.toByteArray(), StandardCharsets.UTF_8), new String(err.toByteArray(), StandardCharsets.UTF_8)};
    }
}

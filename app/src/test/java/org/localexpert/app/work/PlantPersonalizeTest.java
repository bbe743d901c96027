package org.localexpert.app.work;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import androidx.test.ext.junit.runners.AndroidJUnit4;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ModelInfo;
import org.localexpert.app.data.PersonalModelVerifier;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.data.ShippedModels;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.store.IoHooks;
import org.robolectric.annotation.Config;

import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;

/**
 * Personalizing the plant domain on a farm's real photos (sugarcane, RoshitaB: 6 per class of Healthy, RedRot
 * and RedRust stored as the GE's "Rust"), through the same job the worker runs: the shipped plant replay sample,
 * the plant domain's recipe (Personalizer with Domain.PLANT), the app's JPEG decoding and PhotoPreprocessor; a verified mixture becomes
 * active with held-out accuracy per class.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36)
public class PlantPersonalizeTest {
    private TestPhone phone;

    @After
    public void tearDown() {
        if (phone != null) phone.close();
    }

    @Test
    public void farmPhotosTrainAndActivateAPlantModel() throws Exception {
        File farm = new File(DataLocation.root(), DataLocation.SUGARCANE_ROSHITAB);
        assumeTrue("sugarcane photos not found under " + farm + ": skipping", farm.isDirectory());
        phone = new TestPhone("plant", IoHooks.NONE);
        String[][] classes = {{"Healthy", "Healthy"}, {"RedRot", "RedRot"}, {"RedRust", "Rust"}};
        for (String[] c : classes) {
            File[] photos = new File(farm, c[0]).listFiles((d, n) -> n.toLowerCase(Locale.ROOT).endsWith(".jpg"));
            Arrays.sort(photos);
            for (int i = 0; i < 6; i++) {
                phone.container.samples().add(Domain.PLANT, c[1], Files.readAllBytes(photos[i].toPath()), SampleRepository.SOURCE_CAMERA);
            }
        }
        long t0 = System.nanoTime();
        PersonalizationJob.Result r = phone.job().run(Domain.PLANT, (p, m) -> { }, () -> false);
        ModelInfo m = phone.container.models().active(Domain.PLANT);
        System.out.printf(Locale.ROOT, "plant personalization: %.1f s, held-out accuracy %.3f -> %.3f %s%n",
                (System.nanoTime() - t0) / 1e9, m.accuracyBefore, m.accuracyAfter, m.perClass.keySet());
        assertTrue(m.personal);
        assertEquals(r.version.id(), m.version);
        assertEquals(3, m.perClass.size());
        assertFalse(Float.isNaN(m.accuracyAfter));
        new PersonalModelVerifier(Domain.PLANT, new ShippedModels(ShippedModels.of(phone.context.getAssets())))
                .verify(phone.models().activeBytes(Domain.PLANT));
        assertFalse("handwriting untouched", phone.container.models().active(Domain.HANDWRITING).personal);
    }
}

package org.localexpert.core.predict;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import org.junit.Test;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.MoeTestModels;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.host.PhotoJpeg;

/**
 * The golden sets beside the shipped GEs ({@code golden.bin}, written by {@code localexpert write-replay --golden-only})
 * are what {@link GoldenSet#select} takes from the shipped replay samples, small enough for the APK, and inputs the GE
 * answers right and sure of itself — so on the phone a GPU that agrees with the CPU on them agrees on real answers.
 */
public class ShippedGoldenSetTest {
    /** The APK has about 190 KB left (its budget is 10,000,000 bytes). */
    private static final long MAX_BYTES = 120 * 1024;

    private static Dataset read(Domain domain, String name, int[] shape) throws Exception {
        File f = MoeTestModels.shippedModel(domain.id() + "/" + name);
        assertTrue("missing " + f.getAbsolutePath() + " (localexpert write-replay --domain " + domain.id() + " --golden-only)", f.isFile());
        try (InputStream in = Files.newInputStream(f.toPath())) {
            return domain.readReplay(in, new PhotoJpeg(), shape, f.getPath());
        }
    }

    private static void check(Domain domain, float tolerance) throws Exception {
        File geFile = MoeTestModels.shippedModel(domain.id() + "/" + domain.id() + "-ge.tflite");
        TfliteModel ge = TfliteReader.read(geFile.toPath());
        int[] in = ModelImporter.toModel(ge).inputs().get(0).shape();
        assertTrue(MoeTestModels.shippedModel(domain.id() + "/" + GoldenSet.FILE_NAME).length() < MAX_BYTES);
        Dataset golden = read(domain, GoldenSet.FILE_NAME, in);
        Dataset expected = GoldenSet.select(read(domain, "replay.bin", in), GoldenSet.size(domain));
        assertEquals(expected.labelNames(), golden.labelNames());
        assertEquals(GoldenSet.size(domain), golden.size());
        for (int i = 0; i < golden.size(); i++) {
            assertEquals("input " + i, expected.get(i).label(), golden.get(i).label());
            float[] a = expected.get(i).features(), b = golden.get(i).features();
            double diff = 0;
            for (int j = 0; j < a.length; j++) diff += Math.abs(a[j] - b[j]);
            assertEquals("input " + i + ": mean difference from the replay input", 0, diff / a.length, tolerance);
        }
        // Right and above the "unsure" threshold on the GE: the check compares real answers, not coin tosses.
        try (Classifier c = Classifier.of(new JavaEngine(ModelImporter.toModel(ge)), LocalExpertMetadata.read(ge))) {
            for (int i = 0; i < golden.size(); i++) {
                org.localexpert.core.predict.Prediction p = c.classify(golden.get(i).features());
                assertEquals(domain.id() + " golden input " + i + ": " + p, golden.get(i).label(), p.labelIndex());
                assertTrue(domain.id() + " golden input " + i + ": " + p, !p.unsure());
            }
        }
    }

    @Test
    public void handwritingGoldenSetIsOneReplayDigitPerClassExactly() throws Exception {
        check(Domain.HANDWRITING, 0f);
    }

    @Test
    public void plantGoldenSetIsFourReplayPhotosUpToJpeg() throws Exception {
        // Stored as JPEG again (the replay's photos are JPEGs): a second compression moves pixels by well under 1 %.
        check(Domain.PLANT, 0.01f);
    }
}

package org.localexpert.core.moe;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.util.Locale;
import org.junit.Test;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.tflite.GeHash;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.host.HostTfliteEngine;
import org.localexpert.host.PhotoJpeg;

/**
 * The GE's features come from the inference engine the app predicts with (real TFLite here), agree with
 * the Java engine's, and the shipped replay features are the GE's features of the shipped replay inputs,
 * bound to that GE.
 */
public class FeatureExtractorTest {
    private static File models(String path) {
        File f = new File("../models/" + path);
        return f.isFile() ? f : new File("models/" + path);
    }

    private static TfliteModel read(String path) throws Exception {
        return TfliteReader.read(models(path).toPath());
    }

    private static GlobalExpert ge(TfliteModel file) throws Exception {
        return GlobalExpert.of(ModelImporter.toModel(file), LocalExpertMetadata.read(file).labels());
    }

    @Test
    public void tfliteAndJavaFeaturesAgreeOnRealInputsOfBothShippedGes() throws Exception {
        TfliteModel hand = read("handwriting/handwriting-ge.tflite"), plant = read("plant/plant-ge.tflite");
        GlobalExpert handGe = ge(hand), plantGe = ge(plant);
        agree("handwriting", handGe, ReplaySample.read(models("handwriting/replay.bin").toPath()), 300, 1e-4);
        agree("plant", plantGe, PhotoJpeg.read(models("plant/replay.bin").toPath(), plantGe.inputShape()[0]), 60, 1e-4);
    }

    /** Max over inputs of max|tflite − java| / max|java|, for features and probabilities. */
    private static void agree(String name, GlobalExpert ge, Dataset inputs, int n, double limit) {
        double worst = 0;
        try (FeatureExtractor tflite = FeatureExtractor.open(ge, HostTfliteEngine::open); FeatureExtractor java = FeatureExtractor.java(ge)) {
            assertNull("TFLite should open the feature graph: " + tflite.fallbackReason(), tflite.fallbackReason());
            assertTrue(tflite.backend(), tflite.backend().startsWith("TFLite"));
            float[] f1 = new float[ge.featureSize()], f2 = new float[ge.featureSize()], p1 = new float[ge.numClasses()], p2 = new float[ge.numClasses()];
            for (int i = 0; i < Math.min(n, inputs.size()); i++) {
                tflite.extract(inputs.get(i).features(), f1, p1);
                java.extract(inputs.get(i).features(), f2, p2);
                worst = Math.max(worst, Math.max(relative(f1, f2), relative(p1, p2)));
            }
        }
        System.out.printf(Locale.ROOT, "FeatureExtractorTest: %s GE, %d real inputs: max relative difference TFLite vs Java engine %.2e%n",
                name, Math.min(n, inputs.size()), worst);
        assertTrue(name + ": " + worst, worst <= limit);
    }

    private static double relative(float[] a, float[] ref) {
        double diff = 0, scale = 1e-12;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - ref[i]));
            scale = Math.max(scale, Math.abs(ref[i]));
        }
        return diff / scale;
    }

    @Test
    public void anEngineThatCannotOpenFallsBackToTheJavaEngineAndSaysWhy() throws Exception {
        GlobalExpert ge = ge(read("handwriting/handwriting-ge.tflite"));
        try (FeatureExtractor fx = FeatureExtractor.open(ge, bytes -> { throw new UnsatisfiedLinkError("no libtensorflowlite_jni.so for this ABI"); })) {
            assertNotNull(fx.fallbackReason());
            assertTrue(fx.fallbackReason(), fx.fallbackReason().contains("libtensorflowlite_jni"));
            assertTrue(fx.backend(), fx.backend().startsWith("Java engine"));
            float[] f = new float[ge.featureSize()], p = new float[ge.numClasses()];
            fx.extract(new float[28 * 28], f, p);
            float sum = 0;
            for (float v : p) sum += v;
            assertEquals(1f, sum, 1e-4f);
        }
    }

    @Test
    public void shippedReplayFeaturesAreTheGesFeaturesOfTheShippedReplayInputsAndOnlyForThatGe() throws Exception {
        for (String domain : new String[] {"handwriting", "plant"}) {
            TfliteModel file = read(domain + "/" + domain + "-ge.tflite");
            GlobalExpert ge = ge(file);
            String hash = GeHash.of(file);
            ReplayFeatures shipped = ReplayFeatures.read(models(domain + "/" + ReplayFeatures.FILE_NAME).toPath(), hash);
            Dataset inputs = domain.equals("plant") ? PhotoJpeg.read(models("plant/replay.bin").toPath(), ge.inputShape()[0])
                    : ReplaySample.read(models("handwriting/replay.bin").toPath());
            ReplayFeatures again;
            try (FeatureExtractor java = FeatureExtractor.java(ge)) {
                again = ReplayFeatures.compute(ge, hash, inputs, java);
            }
            assertEquals(ge.labels(), shipped.labels());
            assertArrayEquals(domain, again.features().features, shipped.features().features, 0f);
            assertArrayEquals(domain, again.features().probs, shipped.features().probs, 0f);
            assertArrayEquals(domain, again.features().labels, shipped.features().labels);
            // Round trip through bytes, and refusal for another GE.
            ReplayFeatures back = ReplayFeatures.read(new ByteArrayInputStream(shipped.toBytes()), "bytes", hash);
            assertArrayEquals(shipped.features().features, back.features().features, 0f);
            try {
                ReplayFeatures.read(new ByteArrayInputStream(shipped.toBytes()), "replay-features.bin", GeHash.of(read("handwriting/benchmark-ge.tflite")));
                fail("features of one GE must be refused for another");
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("computed with another global expert") && e.getMessage().contains("write-replay"));
            }
        }
    }
}

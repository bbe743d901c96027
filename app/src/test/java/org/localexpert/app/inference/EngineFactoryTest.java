package org.localexpert.app.inference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.core.runtime.InferenceEngine;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;

import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * The app must answer where TFLite's native library cannot load (a 16 KB-page phone and Maven Central's 4 KB-aligned
 * .so, an ABI the APK lacks): EngineFactory then gives ml-core's Java engine, named with the loader's reason, which
 * Settings lists. On the JVM TFLite's Android library never loads, so this is the path these tests take for real.
 */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = {26, 36})
public class EngineFactoryTest {
    private static byte[] handwritingModel() throws Exception {
        return Files.readAllBytes(Paths.get(System.getProperty("localexpert.models"), "handwriting", "handwriting-ge.tflite"));
    }

    private static void assertAnswers(InferenceEngine engine) {
        int[] shape = engine.inputShape(0);
        int n = 1;
        for (int d : shape) n *= Math.max(d, 1);
        float[][] out = engine.run(new float[n]);
        assertEquals("one probability per digit", 10, out[0].length);
    }

    @Test
    public void withoutTfliteNativesTheJavaEngineRunsAndSaysWhy() throws Exception {
        String failure = EngineFactory.tfliteLoadFailure();
        assertNotNull("TFLite's Android .so cannot load on the JVM", failure);
        assertTrue(failure, failure.contains("tensorflowlite_jni"));
        try (InferenceEngine engine = EngineFactory.best().open(handwritingModel())) {
            assertEquals("Java engine (TensorFlow Lite did not load: " + failure + ")", engine.backend());
            assertAnswers(engine);
        }
    }
}

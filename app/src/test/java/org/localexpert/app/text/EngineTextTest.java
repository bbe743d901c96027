package org.localexpert.app.text;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.io.File;
import java.nio.file.Files;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ShippedModels;
import org.localexpert.app.inference.EngineFactory;
import org.localexpert.app.inference.InferenceThread;
import org.localexpert.core.runtime.InferenceEngine;
import org.robolectric.annotation.Config;

/**
 * What runs a model, in plain words: the names the app's engines really give themselves (the Java engine, the
 * Java engine standing in for TFLite, the predictor before loading) and the names TfliteEngine writes (which
 * cannot load under Robolectric) map to graphics chip, processor, or the app's own slower engine.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36)
public class EngineTextTest {
    private static final File MODELS = new File(System.getProperty("localexpert.models", "../models"));

    @Test
    public void theEnginesOwnNamesBecomePlainWords() throws Exception {
        byte[] ge = Files.readAllBytes(new File(MODELS, ShippedModels.gePath(Domain.HANDWRITING).substring("models/".length())).toPath());
        assertEquals(R.string.engine_java, kindOf(EngineFactory.JAVA, ge));
        assertEquals(R.string.engine_java, kindOf(EngineFactory.javaBecause("TensorFlow Lite did not load: dlopen failed"), ge));
        assertTrue(EngineText.isFallback(EngineFactory.javaBecause("x").open(ge).backend()));
        InferenceThread notYetUsed = new InferenceThread(null, EngineFactory.JAVA);
        assertEquals(R.string.engine_not_loaded, EngineText.kind(notYetUsed.backend(Domain.PLANT)));
        notYetUsed.close();

        assertEquals(R.string.engine_gpu, EngineText.kind("GPU delegate"));
        assertEquals(R.string.engine_cpu, EngineText.kind("CPU XNNPACK 2 threads (GPU delegate not in this APK)"));
        assertFalse(EngineText.isFallback("CPU XNNPACK 2 threads (GPU delegate not in this APK)"));
        assertEquals(R.string.engine_other, EngineText.kind("something new"));
        assertEquals("Processor (CPU)", EngineText.of(ApplicationProvider.getApplicationContext(), "CPU XNNPACK 2 threads"));
    }

    private static int kindOf(EngineFactory factory, byte[] model) throws Exception {
        try (InferenceEngine e = factory.open(model)) {
            return EngineText.kind(e.backend());
        }
    }
}

package org.localexpert.app.inference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import androidx.test.ext.junit.runners.AndroidJUnit4;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.data.Sha256;
import org.localexpert.app.data.ShippedModels;
import org.localexpert.core.runtime.InferenceEngine;
import org.robolectric.annotation.Config;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The first-use GPU check on the shipped handwriting GE and its shipped golden digits, over fake TFLite interpreters
 * that run the real model (FakeTflite): a GPU that answers as the CPU is kept, one that answers otherwise is replaced by
 * the CPU named with the reason, and either verdict is remembered per model file, so the check runs once.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36)
public class GoldenGpuCheckTest {
    private static final String MODELS = System.getProperty("localexpert.models");

    /** Verdicts in memory, counting lookups. */
    private static final class MemoryVerdicts implements GoldenGpuCheck.Verdicts {
        final Map<String, String> map = new HashMap<>();

        @Override public String get(String sha) { return map.get(sha); }

        @Override public void put(String sha, String verdict) { map.put(sha, verdict); }
    }

    private static byte[] ge() throws Exception {
        return Files.readAllBytes(Paths.get(MODELS, "handwriting", "handwriting-ge.tflite"));
    }

    /** The shipped golden inputs, read as the app reads its assets (a folder standing for the APK's assets/). */
    private static GoldenGpuCheck.GoldenInputs shippedGolden() {
        ShippedModels shipped = new ShippedModels(path -> new FileInputStream(Paths.get(MODELS, path.substring("models/".length())).toFile()));
        return shipped::goldenInputs;
    }

    private static int gpuInterpreters(FakeTflite t) {
        int n = 0;
        for (FakeTflite.Interpreter i : t.interpreters) if (i.gpu) n++;
        return n;
    }

    @Test
    public void aGpuThatAnswersAsTheCpuIsKeptAndCheckedOnce() throws Exception {
        FakeTflite tflite = new FakeTflite();
        EngineFactory engines = EngineFactory.tflite(tflite);
        MemoryVerdicts verdicts = new MemoryVerdicts();
        GoldenGpuCheck check = new GoldenGpuCheck(engines, engines.cpu(), shippedGolden(), verdicts);
        byte[] model = ge();
        try (InferenceEngine e = check.open(model)) {
            assertEquals(TfliteEngine.GPU_NAME, e.backend());
        }
        assertEquals(GoldenGpuCheck.AGREE, verdicts.map.get(Sha256.hex(model)));
        assertEquals("the GPU's engine and the CPU's reference", 2, tflite.interpreters.size());
        assertTrue("the CPU reference is closed after the check", tflite.interpreters.get(1).closed && !tflite.interpreters.get(1).gpu);

        try (InferenceEngine again = check.open(model)) {
            assertEquals(TfliteEngine.GPU_NAME, again.backend());
        }
        assertEquals("no second check: one more interpreter, on the GPU", 3, tflite.interpreters.size());
        assertTrue(tflite.interpreters.get(2).gpu);
    }

    @Test
    public void aGpuThatAnswersOtherwiseIsReplacedByTheCpuWhichSaysWhy() throws Exception {
        FakeTflite tflite = new FakeTflite();
        tflite.gpuAnswersOtherwise = true;
        EngineFactory engines = EngineFactory.tflite(tflite);
        MemoryVerdicts verdicts = new MemoryVerdicts();
        GoldenGpuCheck check = new GoldenGpuCheck(engines, engines.cpu(), shippedGolden(), verdicts);
        byte[] model = ge();
        String backend;
        try (InferenceEngine e = check.open(model)) {
            backend = e.backend();
            // What the user gets is the CPU's answer: the golden "0" read as a 0, not as the GPU's reversed 9.
            float[] zero = shippedGolden().of("handwriting", new int[] {28, 28, 1}).get(0);
            float[] p = e.run(zero)[0];
            int best = 0;
            for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
            assertEquals(0, best);
        }
        assertTrue(backend, backend.startsWith("CPU XNNPACK " + TfliteEngine.CPU_THREADS + " threads (" + GoldenGpuCheck.MISMATCH));
        assertTrue("names the first difference: " + backend, backend.contains("golden input 1 of 10: label differs"));
        String stored = verdicts.map.get(Sha256.hex(model));
        assertTrue(stored, stored.startsWith(GoldenGpuCheck.MISMATCH));
        assertTrue("the GPU's interpreter and delegate are closed", tflite.interpreters.get(0).gpu && tflite.interpreters.get(0).closed
                && tflite.delegates.get(0).closed);
        assertEquals(1, gpuInterpreters(tflite));

        // Next time (next start of the app: the verdict is what is kept) the GPU is not tried at all.
        int before = tflite.interpreters.size();
        try (InferenceEngine again = check.open(model)) {
            assertEquals(backend, again.backend());
        }
        assertEquals(1, gpuInterpreters(tflite));
        assertEquals(before + 1, tflite.interpreters.size());
        assertEquals(1, tflite.delegates.size());
    }

    @Test
    public void withoutGoldenInputsTheGpuStaysUncheckedAndNothingIsRemembered() throws Exception {
        FakeTflite tflite = new FakeTflite();
        tflite.gpuAnswersOtherwise = true; // undetectable without inputs to compare on
        EngineFactory engines = EngineFactory.tflite(tflite);
        MemoryVerdicts verdicts = new MemoryVerdicts();
        GoldenGpuCheck check = new GoldenGpuCheck(engines, engines.cpu(), (domain, shape) -> Collections.emptyList(), verdicts);
        try (InferenceEngine e = check.open(ge())) {
            assertEquals(TfliteEngine.GPU_NAME, e.backend());
        }
        assertTrue(verdicts.map.isEmpty());
        assertNull(verdicts.get("anything"));
    }

    @Test
    public void anEngineNotOnTheGpuIsNotChecked() throws Exception {
        MemoryVerdicts verdicts = new MemoryVerdicts();
        int[] cpuOpens = {0};
        GoldenGpuCheck check = new GoldenGpuCheck(EngineFactory.JAVA, (model, why) -> {
            cpuOpens[0]++;
            return EngineFactory.JAVA.open(model);
        }, shippedGolden(), verdicts);
        try (InferenceEngine e = check.open(ge())) {
            assertFalse(e.backend(), GoldenGpuCheck.onGpu(e));
        }
        assertEquals("no reference opened: there is no GPU answer to check", 0, cpuOpens[0]);
        assertTrue(verdicts.map.isEmpty());
    }
}

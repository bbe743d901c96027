package org.localexpert.app.inference;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteReader;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Random;

/**
 * The phone's engine chain (EngineFactory.TFLITE) over fake TFLite interpreters and GPU delegates that fail on cue: a
 * GPU that fails while its interpreter is made, while its tensors are allocated, or at its first run leaves the answer to
 * the CPU; a CPU that fails too leaves it to the Java engine; nothing that failed stays open; and the reason is in the
 * backend name Settings shows. The fakes run the real shipped model, so every answer is checked against ml-core's.
 */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 36)
public class TfliteFallbackTest {
    private static byte[] model() throws Exception {
        return Files.readAllBytes(Paths.get(System.getProperty("localexpert.models"), "handwriting", "handwriting-ge.tflite"));
    }

    private static float[] input(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = r.nextFloat();
        return x;
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** Runs {@code engine} once and checks its answer is ml-core's on the same model and input. */
    private static void assertAnswersLikeTheJavaEngine(InferenceEngine engine) throws Exception {
        float[] x = input(size(engine.inputShape(0)), 7);
        float[][] expected = new JavaEngine(ModelImporter.toModel(TfliteReader.read(model()))).run(x);
        assertArrayEquals(expected[0], engine.run(x)[0], 1e-6f);
    }

    @Test
    public void aWorkingGpuAnswersAndClosesWithTheEngine() throws Exception {
        FakeTflite tflite = new FakeTflite();
        InferenceEngine engine = EngineFactory.tflite(tflite).open(model());
        assertAnswersLikeTheJavaEngine(engine);
        assertEquals("GPU delegate", engine.backend());
        assertEquals(1, tflite.interpreters.size());
        assertTrue(tflite.interpreters.get(0).gpu);
        engine.close();
        assertTrue("interpreter and delegate closed", tflite.allClosed());
    }

    @Test
    public void aGpuFailingAtCreationAllocationOrFirstRunLeavesTheAnswerToTheCpu() throws Exception {
        for (FakeTflite.FailAt failAt : new FakeTflite.FailAt[] {FakeTflite.FailAt.CREATE, FakeTflite.FailAt.ALLOCATE, FakeTflite.FailAt.RUN}) {
            FakeTflite tflite = new FakeTflite();
            tflite.gpuFails = failAt;
            InferenceEngine engine = EngineFactory.tflite(tflite).open(model());
            assertAnswersLikeTheJavaEngine(engine);
            String backend = engine.backend();
            String expected = "CPU XNNPACK 2 threads (GPU delegate failed" + (failAt == FakeTflite.FailAt.RUN ? " at its first run" : "") + ": ";
            assertTrue(failAt + ": " + backend, backend.startsWith(expected));
            // The GPU's delegate (and its interpreter, where one was made) is closed; the CPU's interpreter runs.
            assertTrue(failAt + ": delegate closed", tflite.delegates.get(0).closed);
            FakeTflite.Interpreter cpu = tflite.interpreters.get(tflite.interpreters.size() - 1);
            assertFalse(cpu.gpu);
            assertFalse(cpu.closed);
            for (FakeTflite.Interpreter i : tflite.interpreters) if (i.gpu) assertTrue(failAt + ": GPU interpreter closed", i.closed);
            assertEquals(failAt == FakeTflite.FailAt.CREATE ? 1 : 2, tflite.interpreters.size());
            engine.close();
            assertTrue(tflite.allClosed());
        }
    }

    @Test
    public void aMissingGpuLibraryLeavesTheAnswerToTheCpuAndSaysWhy() throws Exception {
        FakeTflite tflite = new FakeTflite();
        tflite.delegateFailure = new UnsatisfiedLinkError("dlopen failed: library \"libtensorflowlite_gpu_jni.so\" not found");
        try (InferenceEngine engine = EngineFactory.tflite(tflite).open(model())) {
            assertAnswersLikeTheJavaEngine(engine);
            assertEquals("CPU XNNPACK 2 threads (GPU delegate failed: dlopen failed: library \"libtensorflowlite_gpu_jni.so\" not found)",
                    engine.backend());
        }
    }

    @Test
    public void whenTheCpuFailsTooTheJavaEngineAnswers() throws Exception {
        FakeTflite tflite = new FakeTflite();
        tflite.gpuFails = FakeTflite.FailAt.RUN;
        tflite.cpuFails = FakeTflite.FailAt.ALLOCATE;
        InferenceEngine engine = EngineFactory.tflite(tflite).open(model());
        assertAnswersLikeTheJavaEngine(engine);
        assertEquals("Java engine (GPU delegate failed at its first run: Internal error: Failed to run on the given Interpreter: GPU invoke failed; "
                + "TensorFlow Lite on the CPU failed: Internal error: Unexpected failure when preparing tensor allocations)", engine.backend());
        assertTrue("every TFLite interpreter and delegate closed", tflite.allClosed());
        engine.close();
    }

    @Test
    public void inputShapesSetBeforeAFallbackCarryOver() throws Exception {
        FakeTflite tflite = new FakeTflite();
        tflite.gpuFails = FakeTflite.FailAt.RUN;
        try (InferenceEngine engine = EngineFactory.tflite(tflite).open(model())) {
            int[] shape = engine.inputShape(0);
            shape[0] = 3;
            engine.resizeInput(0, shape);
            float[][] out = engine.run(input(size(shape), 3));
            assertTrue(engine.backend(), engine.backend().startsWith("CPU XNNPACK"));
            assertEquals("three answers of ten digits", 30, out[0].length);
        }
    }

    @Test
    public void afterItsFirstAnswerAnEngineFailureIsReportedNotHiddenByAFallback() throws Exception {
        FakeTflite tflite = new FakeTflite();
        try (InferenceEngine engine = EngineFactory.tflite(tflite).open(model())) {
            assertAnswersLikeTheJavaEngine(engine);
            tflite.interpreters.get(0).failNextRun = true;
            try {
                engine.run(input(size(engine.inputShape(0)), 1));
                fail("the failure must reach the caller");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("GPU invoke failed"));
            }
            assertEquals("GPU delegate", engine.backend());
            assertEquals(1, tflite.interpreters.size());
        }
    }

    @Test
    public void theCallersWrongInputIsRefusedWithoutAFallback() throws Exception {
        FakeTflite tflite = new FakeTflite();
        try (InferenceEngine engine = EngineFactory.tflite(tflite).open(model())) {
            engine.run(new float[3]);
            fail("three values are not a digit");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("got 3"));
            assertEquals("no second interpreter", 1, tflite.interpreters.size());
        }
    }

    @Test
    public void aModelNoWayCanOpenFailsAndLeavesNothingOpen() throws Exception {
        FakeTflite tflite = new FakeTflite();
        try {
            EngineFactory.tflite(tflite).open(new byte[] {1, 2, 3});
            fail("not a model");
        } catch (Exception expected) {
            int earlier = 0;
            for (Throwable t = expected; t.getSuppressed().length > 0; t = t.getSuppressed()[0]) earlier++;
            assertEquals("the Java engine's failure carries the CPU's, which carries the GPU's", 2, earlier);
        }
        assertTrue(tflite.allClosed());
    }
}

package org.localexpert.host;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;
import org.junit.Assume;
import org.junit.Test;
import org.localexpert.core.runtime.InferenceOptions;
import org.localexpert.core.tflite.TfliteFormatException;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.core.tflite.TfliteTensor;
import org.localexpert.core.tflite.TfliteWriter;

/** Real TFLite on the host runs the files ml-core writes and the converter-made MobileNet. */
public class HostTfliteEngineTest {

    static Path mobileNet() {
        Path p = Paths.get(System.getProperty("localexpert.data", "../shared/data"))
                .resolve("backbones/mobilenet_v1_0.25_224/mobilenet_v1_0.25_224.tflite");
        return Files.isRegularFile(p) ? p : null;
    }

    @Test
    public void ownFileMatchesAHandComputedReference() throws Exception {
        TfliteModel m = org.localexpert.core.tflite.TestModelsAccess.smallCnn(7);
        Random r = new Random(1);
        try (HostTfliteEngine e = HostTfliteEngine.open(TfliteWriter.write(m))) {
            assertArrayEquals(new int[] {1, 8, 8, 3}, e.inputShape(0));
            assertArrayEquals(new int[] {1, 5}, e.outputShape(0));
            double worst = 0;
            for (int k = 0; k < 20; k++) {
                float[] x = new float[192];
                for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
                float[] got = e.run(x)[0];
                float[] want = smallCnnReference(m, x);
                for (int i = 0; i < 5; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
            }
            assertTrue("max |diff| " + worst, worst < 1e-5);

            // Batch 3 through resizeInput: each row equals its batch-1 result.
            float[] xs = new float[3 * 192];
            for (int i = 0; i < xs.length; i++) xs[i] = (float) r.nextGaussian();
            e.resizeInput(0, new int[] {3, 8, 8, 3});
            assertArrayEquals(new int[] {3, 5}, e.outputShape(0));
            float[] batch = e.run(xs)[0];
            for (int b = 0; b < 3; b++) {
                float[] want = smallCnnReference(m, java.util.Arrays.copyOfRange(xs, b * 192, (b + 1) * 192));
                for (int i = 0; i < 5; i++) assertEquals(want[i], batch[b * 5 + i], 1e-5);
            }
            assertTrue(e.backend(), e.backend().contains("XNNPACK, 1 thread"));
        }
    }

    @Test
    public void wrongInputSizeIsAClearError() throws Exception {
        try (HostTfliteEngine e = HostTfliteEngine.open(TfliteWriter.write(org.localexpert.core.tflite.TestModelsAccess.smallCnn(7)))) {
            e.run(new float[10]);
            fail();
        } catch (IllegalArgumentException ex) {
            assertTrue(ex.getMessage(), ex.getMessage().contains("needs 192 values but got 10"));
        }
    }

    @Test
    public void hostileBytesNeverReachTheNativeInterpreter() {
        try {
            HostTfliteEngine.open("TFL3 but not really".getBytes());
            fail();
        } catch (TfliteFormatException expected) {
            // refused by the Java reader first
        }
    }

    @Test
    public void runsTheConverterMadeMobileNet() throws Exception {
        Path file = mobileNet();
        Assume.assumeTrue("MobileNet v1 0.25 not found (see ../shared/data/backbones)", file != null);
        try (HostTfliteEngine e = HostTfliteEngine.open(file, new InferenceOptions())) {
            assertArrayEquals(new int[] {1, 1001}, e.outputShape(0));
            Random r = new Random(3);
            float[] img = new float[224 * 224 * 3];
            for (int i = 0; i < img.length; i++) img[i] = r.nextFloat() * 2 - 1;
            float[] p = e.run(img)[0];
            double sum = 0;
            for (float v : p) sum += v;
            assertEquals("softmax output", 1.0, sum, 1e-3);
            long t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) e.run(img);
            System.out.printf("HostTfliteEngineTest: MobileNet v1 0.25 @224, %s: %.2f ms/run%n", e.backend(), (System.nanoTime() - t0) / 1e7);
        }
    }

    /** conv 3×3 SAME + bias + ReLU → flatten → dense → softmax, straight from the IR's buffers. */
    static float[] smallCnnReference(TfliteModel m, float[] x) {
        float[] k = floats(m, 1), kb = floats(m, 2), w = floats(m, 6), wb = floats(m, 7);
        float[] conv = new float[8 * 8 * 4];
        for (int y = 0; y < 8; y++) for (int xx = 0; xx < 8; xx++) for (int o = 0; o < 4; o++) {
            double s = kb[o];
            for (int dy = 0; dy < 3; dy++) for (int dx = 0; dx < 3; dx++) {
                int iy = y + dy - 1, ix = xx + dx - 1;
                if (iy < 0 || iy >= 8 || ix < 0 || ix >= 8) continue;
                for (int c = 0; c < 3; c++) s += k[((o * 3 + dy) * 3 + dx) * 3 + c] * x[(iy * 8 + ix) * 3 + c];
            }
            conv[(y * 8 + xx) * 4 + o] = (float) Math.max(0, s);
        }
        double[] logits = new double[5];
        double max = Double.NEGATIVE_INFINITY;
        for (int u = 0; u < 5; u++) {
            double s = wb[u];
            for (int i = 0; i < 256; i++) s += w[u * 256 + i] * conv[i];
            logits[u] = s;
            max = Math.max(max, s);
        }
        double z = 0;
        for (int u = 0; u < 5; u++) z += Math.exp(logits[u] - max);
        float[] p = new float[5];
        for (int u = 0; u < 5; u++) p[u] = (float) (Math.exp(logits[u] - max) / z);
        return p;
    }

    private static float[] floats(TfliteModel m, int tensor) {
        TfliteTensor t = m.mainSubgraph().tensor(tensor);
        ByteBuffer b = ByteBuffer.wrap(m.tensorData(t)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }

    static TfliteModel read(byte[] bytes) throws TfliteFormatException {
        return TfliteReader.read(bytes);
    }
}

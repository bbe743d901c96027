package org.localexpert.core.tflite;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.Assume;
import org.junit.Test;
import org.localexpert.core.model.Model;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.host.HostTfliteEngine;

/** The converter-made MobileNet v1 0.25 read into the Java engine agrees with real TFLite on it. */
public class MobileNetImportTest {

    @Test
    public void javaEngineMatchesTfliteOnTheConverterFile() throws Exception {
        Path file = TestModels.mobileNet();
        Assume.assumeTrue("MobileNet v1 0.25 not found under " + TestModels.dataDir() + "/backbones (see its README)", file != null);
        byte[] bytes = Files.readAllBytes(file);
        Model model = ModelImporter.toModel(TfliteReader.read(bytes));
        Random r = new Random(5);
        double worst = 0;
        int agreeTop1 = 0, runs = 5;
        try (InferenceEngine java = new JavaEngine(model); InferenceEngine tflite = HostTfliteEngine.open(bytes)) {
            for (int k = 0; k < runs; k++) {
                float[] img = new float[224 * 224 * 3];
                // Smooth random images (a few gradients), closer to photos than white noise.
                float a = r.nextFloat() * 2 - 1, bx = r.nextFloat() * 2 - 1, by = r.nextFloat() * 2 - 1;
                for (int y = 0; y < 224; y++) for (int x = 0; x < 224; x++) for (int c = 0; c < 3; c++) {
                    img[(y * 224 + x) * 3 + c] = (float) Math.tanh(a + bx * x / 112.0 - by * y / 112.0 + 0.3 * c + 0.2 * r.nextGaussian());
                }
                float[] p = java.run(img)[0], q = tflite.run(img)[0];
                assertEquals(1001, p.length);
                for (int i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i] - q[i]));
                if (argmax(p) == argmax(q)) agreeTop1++;
            }
        }
        System.out.printf("MobileNetImportTest: Java engine vs TFLite on %d images: max|diff| %.2e, top-1 agrees %d/%d%n",
                runs, worst, agreeTop1, runs);
        assertTrue("max |diff| " + worst, worst <= 1e-4);
        assertEquals(runs, agreeTop1);
    }

    @Test
    public void rebuildsTheBackboneAtAnotherSize() throws Exception {
        Path file = TestModels.mobileNet();
        Assume.assumeTrue("MobileNet v1 0.25 not found under " + TestModels.dataDir() + "/backbones (see its README)", file != null);
        TfliteModel m = TfliteReader.read(file);
        String lastConv = null;
        for (TfliteOperator op : m.mainSubgraph().operators()) {
            if (m.operatorCode(op).builtinCode() == org.tensorflow.lite.schema.BuiltinOperator.AVERAGE_POOL_2D) {
                lastConv = m.mainSubgraph().tensor(op.input(0)).name();
            }
        }
        Model at128 = ModelImporter.toModel(m, new int[] {128, 128, 3}, lastConv);
        org.junit.Assert.assertArrayEquals(new int[] {4, 4, 256}, at128.outputs().get(0).shape());
        // The backbone at 160 px plus a global average pool, exported again, runs on TFLite like in Java.
        Model at160 = ModelImporter.toModel(m, new int[] {160, 160, 3}, lastConv);
        org.localexpert.core.model.Model.Builder b = org.localexpert.core.model.Model.builder(0);
        org.localexpert.core.model.Node x = b.input("image", 160, 160, 3);
        org.localexpert.core.model.Node f = b.include(at160, "mobilenet/", x).get(at160.outputs().get(0).name());
        Model features = b.build(b.add(new org.localexpert.core.layer.GlobalAveragePool("gap"), f));
        byte[] bytes = TfliteWriter.write(ModelExporter.export(features));
        Random r = new Random(6);
        float[] img = new float[160 * 160 * 3];
        for (int i = 0; i < img.length; i++) img[i] = r.nextFloat() * 2 - 1;
        double worst = 0;
        try (InferenceEngine java = new JavaEngine(features); InferenceEngine tflite = HostTfliteEngine.open(bytes)) {
            float[] p = java.run(img)[0], q = tflite.run(img)[0];
            assertEquals(256, p.length);
            for (int i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i] - q[i]));
        }
        System.out.printf("MobileNetImportTest: backbone rebuilt at 160 px, 256 features, TFLite vs Java max|diff| %.2e%n", worst);
        assertTrue(worst <= 1e-4);
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}

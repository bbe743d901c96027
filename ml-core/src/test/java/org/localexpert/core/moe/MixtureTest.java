package org.localexpert.core.moe;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.localexpert.core.data.Batch;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.tflite.GpuCompatibility;
import org.localexpert.core.tflite.ModelExporter;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.core.tflite.TfliteWriter;
import org.localexpert.core.train.HandwritingRecipes;

public class MixtureTest {
    private static Dense randomDense(String name, int in, int out, long seed) {
        Dense d = new Dense(name, in, out, Activation.NONE);
        d.initialize(new Random(seed));
        float[] b = d.bias().value().data();
        Random r = new Random(seed + 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) r.nextGaussian();
        return d;
    }

    private static Mixture mixture(GlobalExpert ge, List<String> labels, Routing routing) {
        int f = ge.featureSize();
        return Mixture.assemble(ge, labels, randomDense("le", f, labels.size(), 3), randomDense("gn", f + 1, 1, 4), Mixture.Gating.of(routing));
    }

    @Test
    public void outputsHaveTheDocumentedShapesAndMixSoftly() {
        GlobalExpert ge = GlobalExpert.of(MoeTestModels.tinyGe(1), Mnist.LABELS);
        List<String> union = new ArrayList<>(Mnist.LABELS);
        union.add("X");
        Mixture m = mixture(ge, union, Routing.SOFT);
        Batch b = MoeTestModels.noiseDigits(7, 2).toBatch();
        Tensor[] out = m.model().forward(false, b.inputs());
        assertEquals(4, out.length);
        assertArrayEquals(new int[] {7, 11}, out[Mixture.PROBABILITIES].shape());
        assertArrayEquals(new int[] {7, 1}, out[Mixture.GATE].shape());
        assertArrayEquals(new int[] {7, 11}, out[Mixture.GE_PROBABILITIES].shape());
        assertArrayEquals(new int[] {7, 11}, out[Mixture.LE_PROBABILITIES].shape());
        Tensor geAlone = ge.model().forward(b.inputs(), false);
        for (int i = 0; i < 7; i++) {
            float g = out[Mixture.GATE].data()[i];
            assertTrue(g > 0 && g < 1);
            double sum = 0;
            for (int c = 0; c < 11; c++) {
                float ge1 = out[Mixture.GE_PROBABILITIES].data()[i * 11 + c];
                float le1 = out[Mixture.LE_PROBABILITIES].data()[i * 11 + c];
                assertEquals(g * le1 + (1 - g) * ge1, out[Mixture.PROBABILITIES].data()[i * 11 + c], 1e-6);
                assertEquals(c < 10 ? geAlone.data()[i * 10 + c] : 0f, ge1, 1e-6); // GE zero-padded for the new class
                sum += out[Mixture.PROBABILITIES].data()[i * 11 + c];
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }

    @Test
    public void hardRoutingPicksOneExpert() {
        GlobalExpert ge = GlobalExpert.of(MoeTestModels.tinyGe(1), Mnist.LABELS);
        Mixture soft = mixture(ge, Mnist.LABELS, Routing.SOFT);
        Mixture hard = mixture(ge, Mnist.LABELS, Routing.HARD);
        Batch b = MoeTestModels.noiseDigits(20, 5).toBatch();
        Tensor[] s = soft.model().forward(false, b.inputs());
        Tensor[] h = hard.model().forward(false, b.inputs());
        for (int i = 0; i < 20; i++) {
            float softGate = s[Mixture.GATE].data()[i], hardGate = h[Mixture.GATE].data()[i];
            if (Math.abs(softGate - 0.5f) < 1e-3) continue; // within the step's ramp
            assertEquals(softGate > 0.5f ? 1f : 0f, hardGate, 1e-6);
            int from = softGate > 0.5f ? Mixture.LE_PROBABILITIES : Mixture.GE_PROBABILITIES;
            for (int c = 0; c < 10; c++) assertEquals(h[from].data()[i * 10 + c], h[Mixture.PROBABILITIES].data()[i * 10 + c], 1e-6);
        }
    }

    @Test
    public void confidenceCeilingLeavesConfidentInputsToTheGe() throws Exception {
        GlobalExpert ge = GlobalExpert.of(MoeTestModels.tinyGe(2), Mnist.LABELS);
        int f = ge.featureSize();
        Dataset d = MoeTestModels.noiseDigits(30, 8);
        FeatureSet fs = ge.features(d, 1);
        float[] conf = new float[fs.size()];
        for (int i = 0; i < conf.length; i++) conf[i] = fs.geConfidence(i);
        float[] sorted = conf.clone();
        Arrays.sort(sorted);
        float ceiling = (sorted[14] + sorted[15]) / 2; // half the inputs above, half below
        Mixture m = Mixture.assemble(ge, Mnist.LABELS, randomDense("le", f, 10, 3), randomDense("gn", f + 1, 1, 4), Mixture.Gating.of(Routing.SOFT).confidenceCeiling(ceiling));
        Mixture open = Mixture.assemble(ge, Mnist.LABELS, randomDense("le", f, 10, 3), randomDense("gn", f + 1, 1, 4), Mixture.Gating.of(Routing.SOFT));
        float[] g = m.runHead(fs)[Mixture.GATE].data().clone(), g0 = open.runHead(fs)[Mixture.GATE].data();
        for (int i = 0; i < conf.length; i++) {
            if (Math.abs(conf[i] - ceiling) < 1e-3) continue;
            assertEquals("input " + i + " confidence " + conf[i], conf[i] > ceiling ? 0f : g0[i], g[i], 1e-4);
        }
        TfliteModel t = ModelExporter.export(m.model());
        assertEquals("GPU problems: " + GpuCompatibility.check(t), 0, GpuCompatibility.check(t).size());
    }

    @Test
    public void confidenceDuelLetsTheLeAnswerOnlyWhereItIsSurer() throws Exception {
        GlobalExpert ge = GlobalExpert.of(MoeTestModels.tinyGe(2), Mnist.LABELS);
        int f = ge.featureSize();
        FeatureSet fs = ge.features(MoeTestModels.noiseDigits(30, 8), 1);
        Mixture m = Mixture.assemble(ge, Mnist.LABELS, randomDense("le", f, 10, 3), randomDense("gn", f + 1, 1, 4), Mixture.Gating.of(Routing.SOFT).duel(0f));
        Mixture open = Mixture.assemble(ge, Mnist.LABELS, randomDense("le", f, 10, 3), randomDense("gn", f + 1, 1, 4), Mixture.Gating.of(Routing.SOFT));
        Tensor[] out = m.runHead(fs);
        float[] g0 = open.runHead(fs)[Mixture.GATE].data();
        for (int i = 0; i < fs.size(); i++) {
            float leConf = 0;
            for (int c = 0; c < 10; c++) leConf = Math.max(leConf, out[Mixture.LE_PROBABILITIES].data()[i * 10 + c]);
            float geConf = fs.geConfidence(i);
            if (Math.abs(leConf - geConf) < 1e-3) continue;
            assertEquals("input " + i, leConf > geConf ? g0[i] : 0f, out[Mixture.GATE].data()[i], 1e-4);
        }
        TfliteModel t = ModelExporter.export(m.model());
        assertEquals("GPU problems: " + GpuCompatibility.check(t), 0, GpuCompatibility.check(t).size());
    }

    @Test
    public void headOnFeaturesEqualsTheFullGraph() {
        GlobalExpert ge = GlobalExpert.of(MoeTestModels.tinyGe(3), Mnist.LABELS);
        Mixture m = mixture(ge, Mnist.LABELS, Routing.SOFT);
        Dataset d = MoeTestModels.noiseDigits(9, 7);
        float[] full = m.model().forward(false, d.toBatch().inputs())[Mixture.PROBABILITIES].data().clone();
        float[] head = m.runHead(ge.features(d, 1))[Mixture.PROBABILITIES].data();
        assertArrayEquals(full, head, 1e-6f);
    }

    @Test
    public void overheadIsWithinTheBudgetForTheShippedRecipe() {
        GlobalExpert ge = GlobalExpert.of(MoeTestModels.withSoftmax(HandwritingRecipes.geModel(1)), Mnist.LABELS);
        Mixture m = mixture(ge, Mnist.LABELS, Routing.SOFT);
        assertTrue(m.costSummary(), m.parameterShare() <= 0.025);
        assertTrue(m.costSummary(), m.macShare() <= 0.025);
    }

    @Test
    public void exportsAsOneGpuCompatibleTfliteThatReadsBackEqual() throws Exception {
        GlobalExpert ge = GlobalExpert.of(MoeTestModels.tinyGe(4), Mnist.LABELS);
        List<String> union = new ArrayList<>(Mnist.LABELS);
        union.addAll(Arrays.asList("X", "H"));
        for (Routing r : Routing.values()) {
            Mixture m = mixture(ge, union, r);
            TfliteModel t = ModelExporter.export(m.model());
            assertEquals("GPU problems: " + GpuCompatibility.check(t), 0, GpuCompatibility.check(t).size());
            TfliteModel back = TfliteReader.read(TfliteWriter.write(t));
            Mixture read = Mixture.fromModel(ModelImporter.toModel(back), union, 10);
            Batch b = MoeTestModels.noiseDigits(5, 9).toBatch();
            Tensor[] a = m.model().forward(false, b.inputs());
            float[][] expected = new float[4][];
            for (int i = 0; i < 4; i++) expected[i] = a[i].data().clone();
            Tensor[] c = read.model().forward(false, b.inputs());
            for (int i = 0; i < 4; i++) assertArrayEquals("output " + i + " " + r, expected[i], c[i].data(), 1e-5f);
        }
    }
}

package org.localexpert.core.tflite;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.Assume;
import org.junit.Test;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Conv2D;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.Flatten;
import org.localexpert.core.layer.Logistic;
import org.localexpert.core.layer.MaxPool2D;
import org.localexpert.core.layer.Padding;
import org.localexpert.core.layer.Softmax;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.runtime.host.HostTfliteEngine;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;
import org.tensorflow.lite.schema.BuiltinOperator;

/** GE + LE + GN in one .tflite, on the real interpreter, against the same mixture computed in Java. */
public class MixtureGraphTest {
    private static final List<String> GE_LABELS = Arrays.asList("a", "b", "c", "d", "e");
    private static final List<String> LE_LABELS = Arrays.asList("c", "a", "f", "b", "e", "g");

    private static void jitter(Model m, long seed, float scale) {
        Random r = new Random(seed);
        for (Parameter p : m.parameters()) {
            float[] v = p.value().data();
            for (int i = 0; i < v.length; i++) v[i] += (float) r.nextGaussian() * scale;
        }
    }

    static Model ge() {
        Model.Builder b = Model.builder(1);
        Node x = b.input("image", 12, 12, 1);
        Node c = b.add(new Conv2D("conv", 1, 4, 3, 1, Padding.SAME, Activation.RELU), x);
        Node p = b.add(new MaxPool2D("pool", 2, 2, Padding.VALID), c);
        Node f = b.add(new Dense("features", 144, 16, Activation.RELU), b.add(new Flatten("flatten"), p));
        Node probs = b.add(new Softmax("probs"), b.add(new Dense("logits", 16, 5, Activation.NONE), f));
        Model m = b.build(probs);
        jitter(m, 1, 0.1f);
        return m;
    }

    static Model le(int in, int classes) {
        Model.Builder b = Model.builder(2);
        Node x = b.input("features", in);
        Model m = b.build(b.add(new Softmax("le_probs"), b.add(new Dense("le_fc", in, classes, Activation.NONE), x)));
        jitter(m, 2, 0.3f);
        return m;
    }

    static Model gn(int in) {
        Model.Builder b = Model.builder(3);
        Node x = b.input("features", in);
        Model m = b.build(b.add(new Logistic("gate"), b.add(new Dense("gn_fc", in, 1, Activation.NONE), x)));
        jitter(m, 3, 0.5f);
        return m;
    }

    /** The mixture in plain Java from the three ml-core models. Returns {probs, gate, ge, le} for one input. */
    static float[][] reference(Model ge, Model le, Model gn, float[] image, boolean hard) {
        float[] geP = ge.forward(Tensor.of(image.clone(), 1, 12, 12, 1), false).data().clone();
        Tensor feat = ge.output("features").copy();
        float[] leP = le.forward(feat, false).data().clone();
        float g = gn.forward(feat, false).data()[0];
        List<String> union = MixtureGraph.unionLabels(GE_LABELS, LE_LABELS);
        float w = hard ? (g >= 0.5f ? 1f : 0f) : g;
        float[] p = new float[union.size()];
        for (int i = 0; i < GE_LABELS.size(); i++) p[union.indexOf(GE_LABELS.get(i))] += (1 - w) * geP[i];
        for (int i = 0; i < LE_LABELS.size(); i++) p[union.indexOf(LE_LABELS.get(i))] += w * leP[i];
        return new float[][] {p, {g}, geP, leP};
    }

    private void checkMlCoreGe(MixtureGraph.Routing routing) throws Exception {
        Model ge = ge(), le = le(16, 6), gn = gn(16);
        TfliteModel geFile = ModelExporter.export(ge);
        TfliteModel mix = MixtureGraph.build(new MixtureGraph.Spec().ge(geFile, "features", GE_LABELS)
                .le(le, LE_LABELS).gn(gn).routing(routing));
        byte[] bytes = TfliteWriter.write(mix);
        TfliteModel back = TfliteReader.read(bytes);
        assertTrue(GpuCompatibility.check(back).toString(), GpuCompatibility.check(back).isEmpty());
        LocalExpertMetadata meta = LocalExpertMetadata.read(back);
        assertEquals(GeHash.of(geFile), meta.geHash());
        assertEquals(Arrays.asList("a", "b", "c", "d", "e", "f", "g"), meta.labels());

        boolean hard = routing == MixtureGraph.Routing.HARD;
        Random r = new Random(11);
        double worst = 0;
        int leAnswered = 0, compared = 0;
        try (HostTfliteEngine tflite = HostTfliteEngine.open(bytes); InferenceEngine imported = new JavaEngine(ModelImporter.toModel(back))) {
            assertArrayEquals(new int[] {1, 7}, tflite.outputShape(MixtureGraph.PROBABILITIES));
            for (int batch : new int[] {1, 3}) {
                tflite.resizeInput(0, new int[] {batch, 12, 12, 1});
                imported.resizeInput(0, new int[] {batch, 12, 12, 1});
                for (int k = 0; k < (batch == 1 ? 100 : 34); k++) {
                    float[] x = new float[batch * 144];
                    for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
                    float[][] got = tflite.run(x), viaJava = imported.run(x);
                    for (int s = 0; s < batch; s++) {
                        float[][] want = reference(ge, le, gn, Arrays.copyOfRange(x, s * 144, (s + 1) * 144), hard);
                        if (hard && Math.abs(want[1][0] - 0.5f) < 1e-5f) continue;
                        compared++;
                        if (want[1][0] >= 0.5f) leAnswered++;
                        for (int o = 0; o < 4; o++) {
                            int n = want[o].length;
                            for (int i = 0; i < n; i++) {
                                worst = Math.max(worst, Math.abs(got[o][s * n + i] - want[o][i]));
                                worst = Math.max(worst, Math.abs(viaJava[o][s * n + i] - want[o][i]));
                            }
                        }
                    }
                }
            }
        }
        System.out.printf("MixtureGraphTest %s: %d inputs (batch 1 and 3), LE answered %d, max|diff| TFLite and imported vs Java %.2e, %d ops%n",
                routing, compared, leAnswered, worst, back.mainSubgraph().operators().size());
        assertTrue("max |diff| " + worst, worst <= 1e-4);
        assertTrue("both experts must answer some inputs: LE " + leAnswered + " of " + compared, leAnswered > 0 && leAnswered < compared);
    }

    @Test
    public void softRoutingMatchesJava() throws Exception {
        checkMlCoreGe(MixtureGraph.Routing.SOFT);
    }

    @Test
    public void hardRoutingMatchesJava() throws Exception {
        checkMlCoreGe(MixtureGraph.Routing.HARD);
    }

    @Test
    public void converterMadeGeIsKeptAsIs() throws Exception {
        Path file = TestModels.mobileNet();
        Assume.assumeTrue("MobileNet v1 0.25 not found under " + TestModels.dataDir(), file != null);
        TfliteModel ge = TfliteReader.read(file);
        String features = null;
        for (TfliteOperator op : ge.mainSubgraph().operators()) {
            if (ge.operatorCode(op).builtinCode() == BuiltinOperator.AVERAGE_POOL_2D) features = ge.mainSubgraph().tensor(op.output(0)).name();
        }
        List<String> geLabels = new ArrayList<>();
        for (int i = 0; i < 1001; i++) geLabels.add("imagenet" + i);
        List<String> leLabels = Arrays.asList("Healthy", "RedRot", "Rust");
        TfliteModel mix = MixtureGraph.build(new MixtureGraph.Spec().ge(ge, features, geLabels)
                .le(le(256, 3), leLabels).gn(gn(256)).routing(MixtureGraph.Routing.HARD));
        byte[] bytes = TfliteWriter.write(mix);
        TfliteModel back = TfliteReader.read(bytes);
        // Every GE operator is in the mixture, in order, with the same code and options.
        for (int i = 0; i < ge.mainSubgraph().operators().size(); i++) {
            TfliteOperator a = ge.mainSubgraph().operators().get(i), b = back.mainSubgraph().operators().get(i);
            assertEquals(ge.operatorCode(a), back.operatorCode(b));
            assertEquals(a.optionsType(), b.optionsType());
        }
        Random r = new Random(4);
        float[] img = new float[224 * 224 * 3];
        for (int i = 0; i < img.length; i++) img[i] = r.nextFloat() * 2 - 1;
        double worst = 0, geWorst = 0;
        try (HostTfliteEngine alone = HostTfliteEngine.open(file, new org.localexpert.core.runtime.InferenceOptions());
             HostTfliteEngine mixture = HostTfliteEngine.open(bytes);
             InferenceEngine java = new JavaEngine(ModelImporter.toModel(back))) {
            float[] geOnly = alone.run(img)[0];
            float[][] m = mixture.run(img), j = java.run(img);
            assertEquals(1004, m[MixtureGraph.PROBABILITIES].length);
            for (int i = 0; i < geOnly.length; i++) geWorst = Math.max(geWorst, Math.abs(geOnly[i] - m[MixtureGraph.GE_PROBABILITIES][i]));
            for (int o = 0; o < 4; o++) for (int i = 0; i < m[o].length; i++) worst = Math.max(worst, Math.abs(m[o][i] - j[o][i]));
            double sum = 0;
            for (float v : m[MixtureGraph.PROBABILITIES]) sum += v;
            assertEquals(1.0, sum, 1e-4);
        }
        System.out.printf("MixtureGraphTest converter GE: GE probs vs GE alone %.2e, TFLite vs Java engine %.2e, %d ops%n",
                geWorst, worst, back.mainSubgraph().operators().size());
        assertTrue(geWorst <= 1e-6);
        assertTrue(worst <= 1e-4);
    }
}

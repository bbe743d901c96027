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
import org.localexpert.core.layer.Padding;
import org.localexpert.core.layer.Softmax;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.host.HostTfliteEngine;
import org.tensorflow.lite.schema.BuiltinOperator;

/** GE + LE + GN in one .tflite, on the real interpreter, against the same mixture computed in Java. */
public class MixtureGraphTest {
    private static final List<String> GE_LABELS = Arrays.asList("a", "b", "c", "d", "e");
    private static final List<String> LE_LABELS = Arrays.asList("c", "a", "f", "b", "e", "g");

    static Model ge() {
        return TestModels.tinyGe();
    }

    static Model le(int in, int classes) {
        return TestModels.tinyLe(in, classes);
    }

    static Model gn(int in) {
        return TestModels.tinyGn(in);
    }

    /** The mixture in plain Java from the three ml-core models. Returns {probs, gate, ge, le} for one input. */
    static float[][] reference(Model ge, Model le, Model gn, float[] image, boolean hard) {
        return reference(ge, "features", GE_LABELS, le, LE_LABELS, gn, false, image, new int[] {1, 12, 12, 1}, hard);
    }

    /** Same, general: {@code gnConfidence} adds the GE's top probability as the GN's second input. */
    static float[][] reference(Model ge, String features, List<String> geLabels, Model le, List<String> leLabels, Model gn,
                               boolean gnConfidence, float[] image, int[] shape, boolean hard) {
        float[] geP = ge.forward(Tensor.of(image.clone(), shape), false).data().clone();
        Tensor feat = ge.output(features).copy();
        float[] leP = le.forward(feat, false).data().clone();
        float top = 0;
        for (float v : geP) top = Math.max(top, v);
        float g = gnConfidence ? gn.forward(false, feat, Tensor.of(new float[] {top}, 1, 1))[0].data()[0]
                : gn.forward(feat, false).data()[0];
        List<String> union = MixtureGraph.unionLabels(geLabels, leLabels);
        float w = hard ? (g >= 0.5f ? 1f : 0f) : g;
        float[] p = new float[union.size()];
        for (int i = 0; i < geLabels.size(); i++) p[union.indexOf(geLabels.get(i))] += (1 - w) * geP[i];
        for (int i = 0; i < leLabels.size(); i++) p[union.indexOf(leLabels.get(i))] += w * leP[i];
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

    /** GN reading the GE's features and its confidence (top probability). */
    static Model gnWithConfidence(int in) {
        Model.Builder b = Model.builder(4);
        Node f = b.input("features", in);
        Node c = b.input("confidence", 1);
        Node cat = b.add(new org.localexpert.core.layer.Concatenate("gn_in"), f, c);
        Model m = b.build(b.add(new Logistic("gate"), b.add(new Dense("gn_fc", in + 1, 1, Activation.NONE), cat)));
        TestModels.jitter(m, 4, 0.5f);
        return m;
    }

    /**
     * Runs a mixture file on TFLite (batch 1 and 4, 100 inputs each) and, imported, on the Java
     * engine, against {@link #reference}; returns the max |diff|.
     */
    private static double mixtureParity(byte[] bytes, Model ge, String features, List<String> geLabels, Model le,
                                        List<String> leLabels, Model gn, boolean conf, int[] shape, boolean hard,
                                        int[] leAnswered) throws Exception {
        TfliteModel back = TfliteReader.read(bytes);
        int per = 1;
        for (int d : shape) per *= d;
        Random r = new Random(12);
        double worst = 0;
        try (HostTfliteEngine tflite = HostTfliteEngine.open(bytes); InferenceEngine imported = new JavaEngine(ModelImporter.toModel(back))) {
            for (int batch : new int[] {1, 4}) {
                int[] bs = shape.clone();
                bs[0] = batch;
                tflite.resizeInput(0, bs);
                imported.resizeInput(0, bs);
                for (int k = 0; k < (batch == 1 ? 100 : 25); k++) {
                    float[] x = new float[batch * per];
                    for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
                    float[][] got = tflite.run(x), viaJava = imported.run(x);
                    for (int s = 0; s < batch; s++) {
                        float[][] want = reference(ge, features, geLabels, le, leLabels, gn, conf,
                                Arrays.copyOfRange(x, s * per, (s + 1) * per), shape, hard);
                        if (hard && Math.abs(want[1][0] - 0.5f) < 1e-5f) continue;
                        if (want[1][0] >= 0.5f) leAnswered[0]++;
                        leAnswered[1]++;
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
        return worst;
    }

    @Test
    public void handwritingLeNet5MixtureWithConfidenceGate() throws Exception {
        Model logits = org.localexpert.core.train.LeNet5.build(new org.localexpert.core.train.LeNet5.Config(6, 16, 120,
                org.localexpert.core.layer.Padding.SAME, true, 0.25f), 28, 28, 10, 21);
        Model.Builder b = Model.builder(0);
        Node x = b.input("image", 28, 28, 1);
        java.util.Map<String, Node> nodes = b.include(logits, "", x);
        Model ge = b.build(b.add(new Softmax("probs"), nodes.get(org.localexpert.core.train.LeNet5.LOGITS)));
        for (org.localexpert.core.layer.Layer l : ge.layers()) {
            if (l instanceof org.localexpert.core.layer.BatchNorm) {
                org.localexpert.core.layer.BatchNorm bn = (org.localexpert.core.layer.BatchNorm) l;
                Random r = new Random(bn.name().hashCode());
                for (int c = 0; c < bn.channels(); c++) {
                    bn.movingMean().data()[c] = (float) r.nextGaussian() * 0.1f;
                    bn.movingVariance().data()[c] = 0.5f + r.nextFloat();
                    bn.beta().value().data()[c] = (float) r.nextGaussian() * 0.1f;
                }
            }
        }
        List<String> digits = Arrays.asList("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        List<String> user = Arrays.asList("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "α", "β");
        Model le = le(120, 12), gn = gnWithConfidence(120);
        // Centre the gate on these inputs so both experts answer some of them.
        Random cr = new Random(13);
        float[] pre = new float[31];
        for (int k = 0; k < pre.length; k++) {
            float[] img = new float[784];
            for (int i = 0; i < img.length; i++) img[i] = cr.nextFloat();
            float g = reference(ge, org.localexpert.core.train.LeNet5.FEATURES, digits, le, user, gn, true, img,
                    new int[] {1, 28, 28, 1}, false)[1][0];
            pre[k] = (float) Math.log(g / (1 - g));
        }
        Arrays.sort(pre);
        for (Parameter p : gn.parameters()) if (p.name().endsWith("/bias")) p.value().data()[0] -= pre[pre.length / 2];
        TfliteModel geFile = ModelExporter.export(ge);
        for (MixtureGraph.Routing routing : MixtureGraph.Routing.values()) {
            TfliteModel mix = MixtureGraph.build(new MixtureGraph.Spec().ge(geFile, org.localexpert.core.train.LeNet5.FEATURES, digits)
                    .le(le, user).gn(gn, MixtureGraph.Source.GE_FEATURES, MixtureGraph.Source.GE_MAX_PROBABILITY).routing(routing));
            byte[] bytes = TfliteWriter.write(mix);
            assertTrue(GpuCompatibility.check(mix).toString(), GpuCompatibility.check(mix).isEmpty());
            int[] answered = new int[2];
            double worst = mixtureParity(bytes, ge, org.localexpert.core.train.LeNet5.FEATURES, digits, le, user, gn, true,
                    new int[] {1, 28, 28, 1}, routing == MixtureGraph.Routing.HARD, answered);
            System.out.printf("MixtureGraphTest LeNet-5 %s (GN reads features + GE confidence): %d inputs (batch 1 and 4), "
                    + "LE answered %d, max|diff| %.2e, %d ops, %d bytes%n", routing, answered[1], answered[0], worst,
                    mix.mainSubgraph().operators().size(), bytes.length);
            assertTrue("max |diff| " + worst, worst <= 1e-4);
            assertTrue("both experts answer: LE " + answered[0] + " of " + answered[1], answered[0] > 0 && answered[0] < answered[1]);
        }
        // The GE with its features as an extra output gives the features the LE trains on.
        TfliteModel withFeatures = MixtureGraph.withFeatureOutput(geFile, org.localexpert.core.train.LeNet5.FEATURES);
        assertEquals(GeHash.of(geFile), GeHash.of(withFeatures));
        float[] img = new float[784];
        for (int i = 0; i < img.length; i++) img[i] = (i % 29) / 29f;
        try (HostTfliteEngine e = HostTfliteEngine.open(TfliteWriter.write(withFeatures))) {
            float[] f = e.run(img)[1];
            ge.forward(Tensor.of(img.clone(), 1, 28, 28, 1), false);
            float[] want = ge.output(org.localexpert.core.train.LeNet5.FEATURES).data();
            assertEquals(120, f.length);
            for (int i = 0; i < f.length; i++) assertEquals(want[i], f[i], 1e-4);
        }
    }

    @Test
    public void deadOperatorsArePruned() {
        GraphSplicer s = new GraphSplicer("g");
        int[] map = s.append(TestModels.smallCnn(1), "", new int[0]);
        TfliteSubgraph src = TestModels.smallCnn(1).mainSubgraph();
        int logits = map[src.tensorIndex("logits")];
        s.op(BuiltinOperator.RELU, org.tensorflow.lite.schema.BuiltinOptions.NONE, null, new int[] {logits}, s.activation("dead", 5));
        s.g.setInputs(map[src.inputs()[0]]);
        s.g.setOutputs(map[src.outputs()[0]]);
        assertEquals(5, s.g.operators().size());
        s.pruneDeadOperators();
        assertEquals(4, s.g.operators().size());
    }

    @Test
    public void geWithConverterOpVersionsStillRunsAndChecksTheSame() throws Exception {
        // A GE as the converter writes it: DEPTHWISE_CONV_2D at version 2 (the delegate takes 1-2).
        Model.Builder b = Model.builder(5);
        Node x = b.input("image", 12, 12, 1);
        Node c = b.add(new Conv2D("conv", 1, 4, 3, 1, Padding.SAME, Activation.RELU), x);
        Node d = b.add(new org.localexpert.core.layer.DepthwiseConv2D("dw", 4, 1, 3, 2, Padding.SAME, Activation.RELU6), c);
        Node f = b.add(new Dense("features", 144, 16, Activation.RELU), b.add(new Flatten("flatten"), d));
        Model ge = b.build(b.add(new Softmax("probs"), b.add(new Dense("logits", 16, 5, Activation.NONE), f)));
        TestModels.jitter(ge, 5, 0.1f);
        TfliteModel geFile = ModelExporter.export(ge);
        List<TfliteOperatorCode> codes = geFile.operatorCodes();
        for (int i = 0; i < codes.size(); i++) {
            if (codes.get(i).builtinCode() == BuiltinOperator.DEPTHWISE_CONV_2D) codes.set(i, TfliteOperatorCode.builtin(BuiltinOperator.DEPTHWISE_CONV_2D, 2));
        }
        geFile = TfliteReader.read(TfliteWriter.write(geFile));
        assertTrue(GpuCompatibility.check(geFile).isEmpty());
        Model le = le(16, 6), gn = gn(16);
        TfliteModel mix = MixtureGraph.build(new MixtureGraph.Spec().ge(geFile, "features", GE_LABELS).le(le, LE_LABELS).gn(gn));
        assertTrue(mix.operatorCodes().contains(TfliteOperatorCode.builtin(BuiltinOperator.DEPTHWISE_CONV_2D, 2)));
        assertTrue(GpuCompatibility.check(mix).toString(), GpuCompatibility.check(mix).isEmpty());
        int[] answered = new int[2];
        double worst = mixtureParity(TfliteWriter.write(mix), ge, "features", GE_LABELS, le, LE_LABELS, gn, false,
                new int[] {1, 12, 12, 1}, false, answered);
        System.out.printf("MixtureGraphTest GE with DEPTHWISE_CONV_2D v2: %d inputs, max|diff| %.2e%n", answered[1], worst);
        assertTrue(worst <= 1e-4);
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
        assertEquals("the mixture adds no GPU problem to the GE's own", GpuCompatibility.check(ge).toString(),
                GpuCompatibility.check(back).toString());
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

package org.localexpert.core.tflite;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Add;
import org.localexpert.core.layer.AveragePool2D;
import org.localexpert.core.layer.BatchNorm;
import org.localexpert.core.layer.ChannelShuffle;
import org.localexpert.core.layer.Concatenate;
import org.localexpert.core.layer.Conv2D;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.DepthwiseConv2D;
import org.localexpert.core.layer.Dropout;
import org.localexpert.core.layer.Flatten;
import org.localexpert.core.layer.GlobalAveragePool;
import org.localexpert.core.layer.Logistic;
import org.localexpert.core.layer.MaxPool2D;
import org.localexpert.core.layer.Multiply;
import org.localexpert.core.layer.Padding;
import org.localexpert.core.layer.ReLU;
import org.localexpert.core.layer.ReLU6;
import org.localexpert.core.layer.Reshape;
import org.localexpert.core.layer.Slice;
import org.localexpert.core.layer.Softmax;
import org.localexpert.core.layer.Subtract;
import org.localexpert.core.layer.SubtractFrom;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.host.HostTfliteEngine;

/**
 * Every layer type, and LeNet-5- and ShuffleNet-unit-like models, exported to .tflite and run by
 * the real TFLite interpreter (2.6.2, XNNPACK, 1 thread) against the Java engine: max |diff| ≤ 1e-4
 * on 100 random inputs at batch 1 and 100 more at batch 4 (resizeInput). Then the file is imported
 * back and must give the same outputs, and must pass check-gpu.
 */
public class ExportParityTest {
    private static final double TOLERANCE = 1e-4;

    /** Gives every weight, bias and BatchNorm statistic a random value, so folding is really exercised. */
    private static Model randomize(Model m, long seed) {
        Random r = new Random(seed);
        for (Parameter p : m.parameters()) {
            float[] v = p.value().data();
            boolean kernel = p.name().endsWith("/kernel") || p.name().endsWith("/weights");
            for (int i = 0; i < v.length; i++) {
                v[i] = kernel ? v[i] + (float) r.nextGaussian() * 0.05f
                        : p.name().endsWith("/gamma") ? 0.5f + r.nextFloat() : (float) r.nextGaussian() * 0.2f;
            }
        }
        for (org.localexpert.core.layer.Layer l : m.layers()) {
            if (l instanceof BatchNorm) {
                BatchNorm bn = (BatchNorm) l;
                for (int c = 0; c < bn.channels(); c++) {
                    bn.movingMean().data()[c] = (float) r.nextGaussian() * 0.3f;
                    bn.movingVariance().data()[c] = 0.2f + r.nextFloat() * 2f;
                }
            }
        }
        return m;
    }

    /** Runs both engines on the same random inputs; returns the max |diff|. */
    private static double compare(InferenceEngine a, InferenceEngine b, int runs, Random r) {
        double worst = 0;
        for (int k = 0; k < runs; k++) {
            float[][] in = new float[a.inputCount()][];
            for (int i = 0; i < in.length; i++) {
                int size = 1;
                for (int d : a.inputShape(i)) size *= d;
                in[i] = new float[size];
                for (int j = 0; j < size; j++) in[i][j] = r.nextFloat() * 2 - 1;
            }
            float[][] x = a.run(in), y = b.run(in);
            assertEquals(x.length, y.length);
            for (int o = 0; o < x.length; o++) {
                assertEquals("output " + o + " size", x[o].length, y[o].length);
                for (int j = 0; j < x[o].length; j++) {
                    double d = Math.abs(x[o][j] - y[o][j]);
                    if (!(d <= worst)) worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                }
            }
        }
        return worst;
    }

    private static void resizeBatch(InferenceEngine e, int batch) {
        for (int i = 0; i < e.inputCount(); i++) {
            int[] s = e.inputShape(i);
            s[0] = batch;
            e.resizeInput(i, s);
        }
    }

    static void checkParity(String label, Model model) throws Exception {
        byte[] bytes = TfliteWriter.write(ModelExporter.export(model));
        TfliteModel file = TfliteReader.read(bytes);
        List<GpuCompatibility.Problem> gpu = GpuCompatibility.check(file);
        assertTrue(label + ": " + gpu, gpu.isEmpty());
        Random r = new Random(label.hashCode());
        double single, batched, imported;
        try (InferenceEngine java = new JavaEngine(model); InferenceEngine tflite = HostTfliteEngine.open(bytes)) {
            single = compare(java, tflite, 100, r);
            resizeBatch(java, 4);
            resizeBatch(tflite, 4);
            batched = compare(java, tflite, 25, r);
        }
        Model back = ModelImporter.toModel(file);
        try (InferenceEngine java = new JavaEngine(model); InferenceEngine reimported = new JavaEngine(back)) {
            imported = compare(java, reimported, 20, r);
        }
        System.out.printf("parity %-22s TFLite vs Java max|diff| %.2e (batch 1, 100 inputs) %.2e (batch 4, 100 inputs); "
                + "imported vs original %.2e; %d ops, %d bytes%n", label, single, batched, imported,
                file.mainSubgraph().operators().size(), bytes.length);
        assertTrue(label + " batch 1: " + single, single <= TOLERANCE);
        assertTrue(label + " batch 4: " + batched, batched <= TOLERANCE);
        assertTrue(label + " imported: " + imported, imported <= 1e-5);
        // The imported model exports to the same graph again.
        byte[] again = TfliteWriter.write(ModelExporter.export(back));
        assertEquals(label + " re-export op count", file.mainSubgraph().operators().size(),
                TfliteReader.read(again).mainSubgraph().operators().size());
    }

    @Test
    public void conv2dStrideSameAndFusedRelu() throws Exception {
        Model.Builder b = Model.builder(1);
        Node x = b.input("image", 9, 9, 3);
        Node c = b.add(new Conv2D("conv", 3, 5, 3, 2, Padding.SAME, Activation.RELU), x);
        Node d = b.add(new Conv2D("conv2", 5, 4, 2, 3, 1, 2, Padding.VALID, Activation.RELU6, true), c);
        checkParity("conv2d", randomize(b.build(d), 1));
    }

    @Test
    public void conv2dBatchNormFoldedReluFused() throws Exception {
        Model.Builder b = Model.builder(2);
        Node x = b.input("image", 8, 8, 2);
        Node c = b.add(new Conv2D("conv", 2, 6, 3, 1, Padding.VALID, Activation.NONE), x);
        Node n = b.add(new BatchNorm("bn", 6), c);
        Node y = b.add(new ReLU("relu"), n);
        checkParity("conv+bn+relu", randomize(b.build(y), 2));
    }

    @Test
    public void depthwiseMultiplierStrideBatchNormRelu6() throws Exception {
        Model.Builder b = Model.builder(3);
        Node x = b.input("image", 7, 7, 3);
        Node c = b.add(new DepthwiseConv2D("dw", 3, 2, 3, 2, Padding.SAME, Activation.NONE), x);
        Node n = b.add(new BatchNorm("bn", 6), c);
        Node y = b.add(new ReLU6("relu6"), n);
        checkParity("depthwise+bn+relu6", randomize(b.build(y), 3));
    }

    @Test
    public void denseReluSoftmaxLogistic() throws Exception {
        Model.Builder b = Model.builder(4);
        Node x = b.input("features", 12);
        Node h = b.add(new Dense("fc1", 12, 9, Activation.NONE), x);
        Node a = b.add(new ReLU6("act"), h);
        Node o = b.add(new Dense("fc2", 9, 5, Activation.NONE), a);
        Node p = b.add(new Softmax("softmax"), o);
        Node g = b.add(new Dense("gate", 9, 1, Activation.NONE), a);
        Node s = b.add(new Logistic("sigmoid"), g);
        checkParity("dense/softmax/logistic", randomize(b.build(p, s), 4));
    }

    @Test
    public void poolsAndGlobalAverage() throws Exception {
        Model.Builder b = Model.builder(5);
        Node x = b.input("image", 11, 11, 3);
        Node m = b.add(new MaxPool2D("max", 2, 2, Padding.VALID), x);
        Node a = b.add(new AveragePool2D("avg", 3, 2, Padding.SAME), m);
        Node g = b.add(new GlobalAveragePool("gap"), a);
        Node k = b.add(new GlobalAveragePool("gap_keep", true), x);
        Node r = b.add(new ReLU("relu"), k);
        checkParity("pools/mean", randomize(b.build(g, r), 5));
    }

    @Test
    public void reshapeFlattenDropout() throws Exception {
        Model.Builder b = Model.builder(6);
        Node x = b.input("image", 4, 4, 2);
        Node f = b.add(new Flatten("flatten"), x);
        Node d = b.add(new Dropout("dropout", 0.5f, 1), f);
        Node r = b.add(new Reshape("reshape", 2, 8, 2), d);
        Node r6 = b.add(new ReLU6("relu6"), b.add(new org.localexpert.core.layer.Multiply("times3"), r, r)); // standalone RELU6
        Node c = b.add(new Conv2D("conv", 2, 3, 1, 1, Padding.VALID, Activation.NONE), r6);
        checkParity("reshape/dropout/relu6", randomize(b.build(c), 6));
    }

    @Test
    public void addConcatenateAndStandaloneBatchNorm() throws Exception {
        Model.Builder b = Model.builder(7);
        Node x = b.input("image", 6, 6, 4);
        Node bn = b.add(new BatchNorm("bn_in", 4), x); // nothing to fold into: MUL + ADD
        Node c1 = b.add(new Conv2D("c1", 4, 4, 3, 1, Padding.SAME, Activation.NONE), bn);
        Node c2 = b.add(new Conv2D("c2", 4, 4, 1, 1, Padding.SAME, Activation.NONE), bn);
        Node s = b.add(new Add("sum"), c1, c2, bn);
        Node r = b.add(new ReLU("relu"), s);
        Node cat = b.add(new Concatenate("cat"), r, c2);
        checkParity("add/concat/bn", randomize(b.build(cat), 7));
    }

    @Test
    public void sliceShuffleAndMixtureArithmetic() throws Exception {
        Model.Builder b = Model.builder(8);
        Node x = b.input("image", 5, 5, 12);
        Node s2 = b.add(new ChannelShuffle("shuffle_slices", 12, 6), x); // 2 blocks: strided slices + concat
        Node s12 = b.add(new ChannelShuffle("shuffle_conv", 12, 1), s2); // 12 blocks: 1x1 permutation conv
        Node sl = b.add(new Slice("half", 3, 6), s12);
        Node gap = b.add(new GlobalAveragePool("gap"), sl);
        Node logits = b.add(new Dense("le", 6, 4, Activation.NONE), gap);
        Node probs = b.add(new Softmax("probs"), logits);
        Node gate = b.add(new Logistic("gate"), b.add(new Dense("gn", 6, 1, Activation.NONE), gap));
        Node geShare = b.add(new SubtractFrom("one_minus_gate", 1f), gate);
        Node mixed = b.add(new Multiply("le_part"), gate, probs);
        Node ge = b.add(new Multiply("ge_part"), geShare, probs);
        Node diff = b.add(new Subtract("diff"), mixed, ge);
        checkParity("slice/shuffle/mixture", randomize(b.build(diff, s12), 8));
    }

    @Test
    public void leNet5() throws Exception {
        Model.Builder b = Model.builder(9);
        Node x = b.input("image", 28, 28, 1);
        Node c1 = b.add(new Conv2D("conv1", 1, 6, 5, 1, Padding.SAME, Activation.NONE), x);
        Node n1 = b.add(new ReLU("relu1"), b.add(new BatchNorm("bn1", 6), c1));
        Node p1 = b.add(new MaxPool2D("pool1", 2, 2, Padding.VALID), n1);
        Node c2 = b.add(new Conv2D("conv2", 6, 16, 5, 1, Padding.VALID, Activation.RELU), p1);
        Node p2 = b.add(new MaxPool2D("pool2", 2, 2, Padding.VALID), c2);
        Node f = b.add(new Flatten("flatten"), p2);
        Node d1 = b.add(new Dense("fc1", 400, 120, Activation.RELU), f);
        Node d2 = b.add(new Dense("fc2", 120, 84, Activation.RELU), d1);
        Node d3 = b.add(new Dense("fc3", 84, 10, Activation.NONE), d2);
        Node sm = b.add(new Softmax("probs"), d3);
        checkParity("lenet5", randomize(b.build(sm), 9));
    }

    @Test
    public void shuffleNetV2Units() throws Exception {
        Model.Builder b = Model.builder(10);
        Node x = b.input("image", 16, 16, 3);
        Node stem = b.add(new Conv2D("stem", 3, 24, 3, 2, Padding.SAME, Activation.NONE), x);
        Node s = b.add(new ReLU("stem_relu"), b.add(new BatchNorm("stem_bn", 24), stem));
        // Basic unit: split, transform one half, concat, shuffle.
        Node left = b.add(new Slice("u1_left", 0, 12), s);
        Node right = b.add(new Slice("u1_right", 12, 12), s);
        Node r1 = b.add(new ReLU("u1_r1"), b.add(new BatchNorm("u1_bn1", 12), b.add(new Conv2D("u1_pw1", 12, 12, 1, 1, Padding.SAME, Activation.NONE), right)));
        Node r2 = b.add(new BatchNorm("u1_bn2", 12), b.add(new DepthwiseConv2D("u1_dw", 12, 1, 3, 1, Padding.SAME, Activation.NONE), r1));
        Node r3 = b.add(new ReLU("u1_r3"), b.add(new BatchNorm("u1_bn3", 12), b.add(new Conv2D("u1_pw2", 12, 12, 1, 1, Padding.SAME, Activation.NONE), r2)));
        Node cat = b.add(new Concatenate("u1_cat"), left, r3);
        Node sh = b.add(new ChannelShuffle("u1_shuffle", 24, 12), cat);
        // Down-sampling unit: both branches stride 2.
        Node a1 = b.add(new BatchNorm("d_bn_a1", 24), b.add(new DepthwiseConv2D("d_dw_a", 24, 1, 3, 2, Padding.SAME, Activation.NONE), sh));
        Node a2 = b.add(new ReLU("d_ra"), b.add(new BatchNorm("d_bn_a2", 24), b.add(new Conv2D("d_pw_a", 24, 24, 1, 1, Padding.SAME, Activation.NONE), a1)));
        Node b1 = b.add(new ReLU("d_rb1"), b.add(new BatchNorm("d_bn_b1", 24), b.add(new Conv2D("d_pw_b1", 24, 24, 1, 1, Padding.SAME, Activation.NONE), sh)));
        Node b2 = b.add(new BatchNorm("d_bn_b2", 24), b.add(new DepthwiseConv2D("d_dw_b", 24, 1, 3, 2, Padding.SAME, Activation.NONE), b1));
        Node b3 = b.add(new ReLU("d_rb3"), b.add(new BatchNorm("d_bn_b3", 24), b.add(new Conv2D("d_pw_b2", 24, 24, 1, 1, Padding.SAME, Activation.NONE), b2)));
        Node dcat = b.add(new Concatenate("d_cat"), a2, b3);
        Node dsh = b.add(new ChannelShuffle("d_shuffle", 48, 24), dcat);
        Node gap = b.add(new GlobalAveragePool("gap"), dsh);
        Node logits = b.add(new Dense("fc", 48, 15, Activation.NONE), gap);
        Node probs = b.add(new Softmax("probs"), logits);
        checkParity("shufflenet-v2 units", randomize(b.build(probs, gap), 10));
    }

    @Test
    public void importingAnUnsupportedOpNamesIt() throws Exception {
        TfliteModel m = TestModels.smallCnn(1);
        m.operatorCodes().set(1, TfliteOperatorCode.builtin(org.tensorflow.lite.schema.BuiltinOperator.GATHER, 1));
        try {
            ModelImporter.toModel(m);
            org.junit.Assert.fail();
        } catch (IncompatibleModelException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("operator 1 (GATHER) is not supported by the Java engine"));
        }
    }

    static float[] run(Model m, float[] x, int... shape) {
        return m.forward(Tensor.of(x, shape), false).data();
    }
}

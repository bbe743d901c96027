package org.localexpert.core.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Add;
import org.localexpert.core.layer.BatchNorm;
import org.localexpert.core.layer.ChannelShuffle;
import org.localexpert.core.layer.Concatenate;
import org.localexpert.core.layer.Conv2D;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.DepthwiseConv2D;
import org.localexpert.core.layer.Flatten;
import org.localexpert.core.layer.GlobalAveragePool;
import org.localexpert.core.layer.GradientCheck;
import org.localexpert.core.layer.Layer;
import org.localexpert.core.layer.MaxPool2D;
import org.localexpert.core.layer.Multiply;
import org.localexpert.core.layer.Padding;
import org.localexpert.core.layer.ReLU;
import org.localexpert.core.layer.Slice;
import org.localexpert.core.loss.SoftmaxCrossEntropy;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;

public class ModelTest {

    /** The classic LeNet-5 on 28×28 digits (VALID convolutions, ReLU, max pooling). */
    static Model lenet(long seed) {
        Model.Builder b = Model.builder(seed);
        Node x = b.input("image", 28, 28, 1);
        Node h = b.add(new Conv2D("conv1", 1, 6, 5, 1, Padding.VALID, Activation.RELU), x);
        h = b.add(new MaxPool2D("pool1", 2, 2, Padding.VALID), h);
        h = b.add(new Conv2D("conv2", 6, 16, 5, 1, Padding.VALID, Activation.RELU), h);
        h = b.add(new MaxPool2D("pool2", 2, 2, Padding.VALID), h);
        h = b.add(new Flatten("flatten"), h);
        h = b.add(new Dense("fc1", 256, 120, Activation.RELU), h);
        h = b.add(new Dense("fc2", 120, 84, Activation.RELU), h);
        return b.build(b.add(new Dense("logits", 84, 10, Activation.NONE), h));
    }

    /**
     * A small ShuffleNet-v2-like unit plus a mixture-like head: split (Slice), depthwise + BN branch,
     * concat, channel shuffle, residual Add, a node read by two layers (fan-out), two outputs.
     */
    static Model branchy(long seed) {
        Model.Builder b = Model.builder(seed);
        Node x = b.input("x", 7, 6, 4);
        Node stem = b.add(new Conv2D("stem", 4, 8, 3, 1, Padding.SAME, Activation.NONE), x);
        Node left = b.add(new Slice("left", 0, 4), stem);
        Node right = b.add(new Slice("right", 4, 4), stem);
        Node r = b.add(new Conv2D("pw1", 4, 4, 1, 1, Padding.SAME, Activation.NONE), right);
        r = b.add(new BatchNorm("bn1", 4), r);
        r = b.add(new DepthwiseConv2D("dw", 4, 2, 3, 1, Padding.SAME, Activation.NONE), r);
        r = b.add(new BatchNorm("bn2", 8), r);
        r = b.add(new Conv2D("pw2", 8, 4, 1, 1, Padding.SAME, Activation.NONE), r);
        Node cat = b.add(new Concatenate("cat"), left, r);
        Node shuffled = b.add(new ChannelShuffle("shuffle", 8, 4), cat);
        Node sum = b.add(new Add("residual"), shuffled, stem); // stem feeds three layers
        Node pooled = b.add(new GlobalAveragePool("gap"), sum);
        Node logits = b.add(new Dense("head", 8, 3, Activation.NONE), pooled);
        Node aux = b.add(new Dense("aux", 8, 2, Activation.NONE), pooled);
        return b.build(logits, aux);
    }

    /** Bias and BN parameters start at 0/1; give them random values so the check sees every path. */
    static void randomizeAll(Model m, long seed) {
        Random rng = new Random(seed);
        for (Parameter p : m.parameters()) {
            if (p.name().endsWith("/bias") || p.name().endsWith("/beta")) {
                for (int i = 0; i < p.value().size(); i++) p.value().data()[i] = rng.nextFloat() - 0.5f;
            } else if (p.name().endsWith("/gamma")) {
                for (int i = 0; i < p.value().size(); i++) p.value().data()[i] = 0.5f + rng.nextFloat();
            }
        }
    }

    /** Checks all trainable parameters and (when retained) the input gradient of L = Σ r·out₀ + Σ r'·out₁. */
    static void checkModel(Model m, Tensor input, boolean checkInput) {
        checkModel(m, input, checkInput, 5e-3);
    }

    /** {@code h}: finite-difference step; smaller for ReLU/max-pool nets, whose kinks a large step would cross. */
    static void checkModel(Model m, Tensor input, boolean checkInput, double h) {
        Random rng = new Random(3);
        Tensor[] out = m.forward(true, input);
        Tensor[] r = new Tensor[out.length];
        for (int i = 0; i < out.length; i++) r[i] = GradientCheck.random(rng, 0f, out[i].shape());
        if (checkInput) m.retainGradients(m.inputs().get(0).name());
        m.zeroGrad();
        m.backward(r);
        List<Tensor> wrt = new ArrayList<>(), analytic = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Parameter p : m.trainableParameters()) {
            wrt.add(p.value());
            analytic.add(p.grad().copy());
            names.add(p.name());
        }
        if (checkInput) {
            wrt.add(input);
            analytic.add(m.gradient(m.inputs().get(0).name()).copy());
            names.add("input");
        }
        // One scalar from all outputs: concatenate them (flattened) with their r.
        int total = 0;
        for (Tensor o : out) total += o.size();
        Tensor joined = Tensor.zeros(total), rJoined = Tensor.zeros(total);
        int off = 0;
        for (Tensor t : r) {
            System.arraycopy(t.data(), 0, rJoined.data(), off, t.size());
            off += t.size();
        }
        GradientCheck.compare(() -> {
            Tensor[] o = m.forward(true, input);
            int p = 0;
            for (Tensor t : o) {
                System.arraycopy(t.data(), 0, joined.data(), p, t.size());
                p += t.size();
            }
            return joined;
        }, rJoined, wrt, analytic, names, new Random(4), h);
    }

    @Test
    public void lenetShapesAndParameterCount() {
        Model m = lenet(1);
        assertArrayEquals(new int[] {4, 4, 16}, m.node("pool2").shape());
        assertEquals(6 * 25 + 6 + 16 * 150 + 16 + 256 * 120 + 120 + 120 * 84 + 84 + 84 * 10 + 10, m.parameterCount());
        Tensor out = m.forward(GradientCheck.random(new Random(1), 0f, 3, 28, 28, 1), false);
        assertArrayEquals(new int[] {3, 10}, out.shape());
        assertArrayEquals(new int[] {3, 256}, m.output("flatten").shape());
    }

    @Test
    public void gradientsThroughBranchesMergesFanOutAndTwoOutputs() {
        Model m = branchy(5);
        randomizeAll(m, 6);
        checkModel(m, GradientCheck.random(new Random(7), 0f, 3, 7, 6, 4), true);
    }

    @Test
    public void gradientsOfLenetWithCrossEntropy() {
        Model m = lenet(8);
        randomizeAll(m, 9);
        Tensor x = GradientCheck.random(new Random(10), 0f, 2, 28, 28, 1);
        checkModel(m, x, false, 2e-3);
    }

    @Test
    public void frozenLayersGetNoGradientAndCostNoBackward() {
        Model m = branchy(11);
        randomizeAll(m, 12);
        Model reference = branchy(11);
        randomizeAll(reference, 12);
        m.freeze("stem", "pw1", "bn1", "dw", "bn2", "pw2");
        assertTrue(m.isFrozen("bn1"));
        assertFalse(m.isFrozen("head"));
        Tensor x = GradientCheck.random(new Random(13), 0f, 3, 7, 6, 4);
        // The trainable head's gradient is the same whether or not the body is frozen (frozen BN runs in
        // inference mode, so compare with a reference whose BNs run in inference mode too).
        reference.freeze("bn1", "bn2");
        Tensor g0 = GradientCheck.random(new Random(14), 0f, 3, 3), g1 = GradientCheck.random(new Random(15), 0f, 3, 2);
        m.forward(true, x);
        m.zeroGrad();
        m.backward(g0, g1);
        reference.forward(true, x);
        reference.zeroGrad();
        reference.backward(g0, g1);
        for (String frozen : new String[] {"stem/kernel", "dw/kernel", "bn1/gamma", "pw2/bias"}) {
            for (Parameter p : m.parameters()) {
                if (p.name().equals(frozen)) for (float v : p.grad().data()) assertEquals(frozen, 0f, v, 0f);
            }
        }
        assertArrayEquals(param(reference, "head/weights").grad().data(), param(m, "head/weights").grad().data(), 0f);
        assertEquals(4, m.trainableParameters().size()); // head and aux weights + biases
        // The gradient check still holds for the trainable part and for the input.
        checkModel(m, x, true);
    }

    @Test
    public void frozenPrefixIsNeverBackpropagated() {
        int[] backwardCalls = {0};
        Model.Builder b = Model.builder(1);
        Node x = b.input("x", 4);
        Node h = b.add(countingBackward(new Dense("frozen", 4, 4, Activation.RELU), backwardCalls), x);
        Node y = b.add(new Dense("trainable", 4, 2, Activation.NONE), h);
        Model m = b.build(y);
        m.freeze("frozen");
        m.forward(true, GradientCheck.random(new Random(1), 0f, 2, 4));
        m.backward(Tensor.zeros(2, 2));
        assertEquals(0, backwardCalls[0]);
        m.retainGradients("x"); // now an input gradient is wanted: the frozen layer must run
        m.backward(Tensor.zeros(2, 2));
        assertEquals(1, backwardCalls[0]);
    }

    private static Layer countingBackward(Layer inner, int[] calls) {
        return new Layer() {
            @Override public String name() { return inner.name(); }
            @Override public int[] outputShape(int[]... s) { return inner.outputShape(s); }
            @Override public Tensor forward(Tensor[] in, boolean t) { return inner.forward(in, t); }
            @Override public Tensor[] backward(Tensor g, boolean[] need) {
                calls[0]++;
                return inner.backward(g, need);
            }
            @Override public List<Parameter> parameters() { return inner.parameters(); }
            @Override public void initialize(Random rng) { inner.initialize(rng); }
            @Override public Layer copy(String n) { return inner.copy(n); }
        };
    }

    private static Parameter param(Model m, String name) {
        for (Parameter p : m.parameters()) if (p.name().equals(name)) return p;
        throw new AssertionError("no parameter " + name);
    }

    @Test
    public void foldedModelComputesTheSameInInference() {
        Model.Builder b = Model.builder(21);
        Node x = b.input("x", 9, 9, 3);
        Node h = b.add(new Conv2D("conv", 3, 6, 3, 2, Padding.SAME, Activation.NONE), x);
        h = b.add(new BatchNorm("bn", 6), h);
        h = b.add(new ReLU("relu"), h);
        Node d = b.add(new DepthwiseConv2D("dw", 6, 2, 3, 1, Padding.SAME, Activation.NONE), h);
        d = b.add(new BatchNorm("bn_dw", 12), d);
        Node p = b.add(new Conv2D("pw", 12, 6, 1, 1, Padding.SAME, Activation.NONE), d);
        Node sum = b.add(new Add("add"), p, h);
        sum = b.add(new BatchNorm("bn_after_add", 6), sum); // nothing to fold into: stays
        Node g = b.add(new GlobalAveragePool("gap"), sum);
        Node f = b.add(new Dense("fc", 6, 5, Activation.NONE), g);
        f = b.add(new BatchNorm("bn_fc", 5), f);
        Model m = b.build(f);
        randomizeAll(m, 22);
        // Train-mode passes move the running statistics away from 0/1.
        Random rng = new Random(23);
        for (int i = 0; i < 5; i++) m.forward(true, GradientCheck.random(rng, 0f, 8, 9, 9, 3));
        Model folded = m.foldBatchNorm();
        int bns = 0;
        for (Layer l : folded.layers()) if (l instanceof BatchNorm) bns++;
        assertEquals(1, bns);
        assertEquals(Activation.RELU, ((Conv2D) folded.node("conv").layer()).activation());
        assertSame(folded.node("conv"), folded.node("relu")); // old names resolve to the fused node
        Tensor in = GradientCheck.random(rng, 0f, 4, 9, 9, 3);
        float[] expected = m.forward(false, in)[0].data().clone();
        float[] actual = folded.forward(false, in)[0].data();
        assertArrayEquals(expected, actual, 1e-4f);
        assertArrayEquals(m.output("relu").data(), folded.output("relu").data(), 1e-4f);
    }

    @Test
    public void sameThreadCountGivesIdenticalBitsAndThreadCountDoesNotMatter() {
        float[][] a = trainStepGradients(2), b = trainStepGradients(2), c = trainStepGradients(1);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals("2 threads twice, parameter " + i, a[i], b[i], 0f);
            // The split is by shape only, so 1 thread gives the same bits too (tolerance 0 is deliberate).
            assertArrayEquals("1 vs 2 threads, parameter " + i, a[i], c[i], 0f);
        }
    }

    private static float[][] trainStepGradients(int threads) {
        Model m = lenet(31);
        m.setThreads(threads);
        Random rng = new Random(32);
        Tensor x = GradientCheck.random(rng, 0f, 32, 28, 28, 1);
        int[] labels = new int[32];
        for (int i = 0; i < 32; i++) labels[i] = rng.nextInt(10);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        m.zeroGrad();
        loss.forward(m.forward(x, true), labels);
        m.backward(loss.backward());
        List<Parameter> ps = m.parameters();
        float[][] g = new float[ps.size()][];
        for (int i = 0; i < g.length; i++) g[i] = ps.get(i).grad().data().clone();
        return g;
    }

    @Test
    public void stateRoundTripsAndIncludeCopiesWeights() {
        Model a = branchy(41), c = branchy(42);
        randomizeAll(a, 43);
        Tensor x = GradientCheck.random(new Random(44), 0f, 2, 7, 6, 4);
        a.forward(true, x); // move BN statistics
        Map<String, Tensor> state = a.state();
        assertTrue(state.containsKey("bn1/movingMean"));
        assertTrue(state.containsKey("stem/kernel"));
        c.loadState(state);
        assertArrayEquals(a.forward(false, x)[0].data(), c.forward(false, x)[0].data(), 0f);

        Model.Builder b = Model.builder(45);
        Node in = b.input("image", 7, 6, 4);
        Map<String, Node> ge = b.include(a, "ge_", in);
        Node gate = b.add(new Dense("gate", 8, 1, Activation.NONE), ge.get("gap"));
        Model mix = b.build(ge.get("head"), gate);
        assertArrayEquals(a.forward(false, x)[0].data(), mix.forward(false, x)[0].data(), 0f);
        assertNotNull(mix.node("ge_bn1"));
        try {
            c.loadState(java.util.Collections.singletonMap("stem/kernel", Tensor.zeros(1)));
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("missing"));
        }
    }

    @Test
    public void shapeAndWiringErrorsAreClear() {
        Model m = lenet(51);
        try {
            m.forward(Tensor.zeros(2, 32, 32, 1), false);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("image") && e.getMessage().contains("[N, 28, 28, 1]")
                    && e.getMessage().contains("[2, 32, 32, 1]"));
        }
        Model.Builder b = Model.builder();
        Node x = b.input("x", 8, 8, 3);
        try {
            b.add(new Conv2D("c", 1, 4, 3, 1, Padding.SAME, Activation.NONE), x);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("expects 1 input channels"));
        }
        b.add(new Conv2D("c", 3, 4, 3, 1, Padding.SAME, Activation.NONE), x);
        try {
            b.add(new ReLU("c"), x);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("'c' is already used"));
        }
        m.forward(Tensor.zeros(2, 28, 28, 1), false);
        try {
            m.backward(Tensor.zeros(3, 10));
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("gradient of output 'logits'"));
        }
    }

    /** Gradients that pass finite differences can still be wired wrongly at model level; learning shows they are not. */
    @Test
    public void plainGradientDescentLearnsWhereTheBlobIs() {
        Model.Builder b = Model.builder(61);
        Node x = b.input("x", 8, 8, 1);
        Node h = b.add(new Conv2D("c1", 1, 4, 3, 1, Padding.SAME, Activation.NONE), x);
        h = b.add(new BatchNorm("bn", 4), h);
        h = b.add(new ReLU("relu"), h);
        h = b.add(new MaxPool2D("pool", 2, 0, Padding.VALID), h);
        h = b.add(new Flatten("flat"), h);
        Model m = b.build(b.add(new Dense("out", 64, 4, Activation.NONE), h));
        Random rng = new Random(62);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        float first = 0, last = 0;
        for (int step = 0; step < 150; step++) {
            Tensor batch = Tensor.zeros(16, 8, 8, 1);
            int[] labels = new int[16];
            for (int i = 0; i < 16; i++) {
                labels[i] = rng.nextInt(4); // quadrant of a bright 2x2 blob on noise
                int y0 = (labels[i] / 2) * 4 + rng.nextInt(3), x0 = (labels[i] % 2) * 4 + rng.nextInt(3);
                for (int p = 0; p < 64; p++) batch.data()[i * 64 + p] = 0.2f * rng.nextFloat();
                for (int dy = 0; dy < 2; dy++) for (int dx = 0; dx < 2; dx++) batch.data()[i * 64 + (y0 + dy) * 8 + x0 + dx] = 1f;
            }
            m.zeroGrad();
            float v = loss.forward(m.forward(batch, true), labels);
            m.backward(loss.backward());
            for (Parameter p : m.trainableParameters()) {
                float[] w = p.value().data(), g = p.grad().data();
                for (int i = 0; i < w.length; i++) w[i] -= 0.1f * g[i];
            }
            if (step < 10) first += v / 10;
            if (step >= 140) last += v / 10;
        }
        assertTrue("loss went from " + first + " to " + last, last < 0.25f * first);
    }

    /** Two inputs (features and a gate), a broadcast multiply and 1 − gate: the shape of the mixture head. */
    @Test
    public void twoInputsWithGradientsForBoth() {
        Model.Builder b = Model.builder(71);
        Node features = b.input("features", 6);
        Node gate = b.input("gate", 1);
        Node le = b.add(new Dense("le", 6, 3, Activation.NONE), features);
        Node ge = b.add(new Dense("ge", 6, 3, Activation.NONE), features);
        Node wLe = b.add(new Multiply("gateLe"), gate, le);
        Node rest = b.add(new org.localexpert.core.layer.SubtractFrom("oneMinus", 1f), gate);
        Node wGe = b.add(new Multiply("gateGe"), rest, ge);
        Model m = b.build(b.add(new Add("mix"), wLe, wGe));
        randomizeAll(m, 72);
        Random rng = new Random(73);
        Tensor f = GradientCheck.random(rng, 0f, 4, 6), g = GradientCheck.random(rng, 0f, 4, 1);
        Tensor out = m.forward(false, f, g)[0];
        float[] le0 = m.output("le").data(), ge0 = m.output("ge").data();
        for (int i = 0; i < 12; i++) {
            float gv = g.data()[i / 3];
            assertEquals(gv * le0[i] + (1 - gv) * ge0[i], out.data()[i], 1e-6f);
        }
        Tensor r = GradientCheck.random(rng, 0f, 4, 3);
        m.retainGradients("features", "gate");
        m.zeroGrad();
        m.backward(r);
        List<Tensor> wrt = new ArrayList<>(), analytic = new ArrayList<>();
        List<String> names = new ArrayList<>();
        wrt.add(f);
        analytic.add(m.gradient("features").copy());
        names.add("features");
        wrt.add(g);
        analytic.add(m.gradient("gate").copy());
        names.add("gate");
        for (Parameter p : m.trainableParameters()) {
            wrt.add(p.value());
            analytic.add(p.grad().copy());
            names.add(p.name());
        }
        GradientCheck.compare(() -> m.forward(false, f, g)[0], r, wrt, analytic, names, new Random(74));
        try {
            m.forward(false, f);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("2 input(s) [features, gate]"));
        }
    }

    @Test
    public void unusedLayersArePrunedAndNodesAreTopological() {
        Model.Builder b = Model.builder();
        Node x = b.input("x", 4);
        Node used = b.add(new Dense("used", 4, 2, Activation.NONE), x);
        b.add(new Dense("dead", 4, 3, Activation.NONE), x);
        Model m = b.build(used);
        assertFalse(m.hasNode("dead"));
        for (Node n : m.nodes()) for (Node in : n.inputs()) assertTrue(in.index() < n.index());
    }
}

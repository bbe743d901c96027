package org.localexpert.core.tflite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.localexpert.core.model.Model;
import org.tensorflow.lite.schema.AddOptionsT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.MulOptionsT;
import org.tensorflow.lite.schema.SubOptionsT;
import org.tensorflow.lite.schema.TensorType;

/**
 * The personal model as one TFLite graph: the global expert (GE), the local expert (LE) and the
 * gating network (GN) run together, so the phone makes one interpreter call (on the GPU) per input.
 *
 * <pre>
 *   image ─► GE (kept exactly as in its file) ─► GE probabilities ─┐
 *                 └─ GE features ─► LE ─► LE probabilities ─────────┼─► (1 − w)·GE + w·LE ─► probabilities
 *                 └─ GE features ─► GN ─► gate g ── w = g (soft) or [g ≥ ½] (hard) ┘
 * </pre>
 *
 * Outputs, in this order: {@link #PROBABILITIES} over the union of labels (the GE's labels, then
 * labels only the LE knows), {@link #GATE} g in [0, 1] (how much the LE answers), the GE's and the
 * LE's own probabilities. The GE may be a converter-made file: its subgraph is copied as is, and
 * {@code geFeatures} names the tensor the LE and GN read (e.g. MobileNet's average-pool output).
 * The LE must end in Softmax and the GN in a Logistic with one output; their inputs are wired to
 * the image, the GE's features or the GE's probabilities ({@link Source}), reshaped when only the
 * layout differs ([1,1,C] vs [C]).
 *
 * <p>Hard routing uses only GPU ops: w = RELU6(g·6·10⁶ − 3·10⁶) / 6, a step at ½ that is exact
 * except for gates within 10⁻⁶ of ½, which blend. Label remapping is a FULLY_CONNECTED by a 0/1
 * matrix (exact). Everything added is version-1 float32 and passes {@link GpuCompatibility} when the
 * GE does.
 */
public final class MixtureGraph {
    public static final int PROBABILITIES = 0, GATE = 1, GE_PROBABILITIES = 2, LE_PROBABILITIES = 3;

    public enum Routing { SOFT, HARD }

    /**
     * What an LE or GN input reads. GE_MAX_PROBABILITY is the GE's confidence (its top
     * probability, shape [1]), computed in the graph as a MAX_POOL_2D over the probabilities laid
     * out as a 1×K image — a GPU op, unlike REDUCE_MAX.
     */
    public enum Source { IMAGE, GE_FEATURES, GE_PROBABILITIES, GE_MAX_PROBABILITY }

    /** Everything the mixture is made of. */
    public static final class Spec {
        TfliteModel ge;
        String geFeatures;
        int geOutput;
        List<String> geLabels = Collections.emptyList();
        Model le;
        List<Source> leInputs = Collections.singletonList(Source.GE_FEATURES);
        List<String> leLabels = Collections.emptyList();
        Model gn;
        List<Source> gnInputs = Collections.singletonList(Source.GE_FEATURES);
        Routing routing = Routing.SOFT;

        /** The GE file, the name of its feature tensor, and the labels of its probability output (output 0). */
        public Spec ge(TfliteModel ge, String featuresTensor, List<String> labels) {
            this.ge = ge;
            this.geFeatures = featuresTensor;
            this.geLabels = new ArrayList<>(labels);
            return this;
        }

        /** Which GE output holds its probabilities (default 0). */
        public Spec geOutput(int index) {
            this.geOutput = index;
            return this;
        }

        public Spec le(Model le, List<String> labels, Source... inputs) {
            this.le = le;
            this.leLabels = new ArrayList<>(labels);
            if (inputs.length > 0) this.leInputs = Arrays.asList(inputs);
            return this;
        }

        public Spec gn(Model gn, Source... inputs) {
            this.gn = gn;
            if (inputs.length > 0) this.gnInputs = Arrays.asList(inputs);
            return this;
        }

        public Spec routing(Routing routing) {
            this.routing = routing;
            return this;
        }
    }

    private MixtureGraph() {}

    /** The mixture's labels: the GE's, then those only the LE has, in the LE's order. */
    public static List<String> unionLabels(List<String> geLabels, List<String> leLabels) {
        List<String> union = new ArrayList<>(geLabels);
        for (String l : leLabels) if (!union.contains(l)) union.add(l);
        return union;
    }

    public static TfliteModel build(Spec spec) {
        if (spec.ge == null || spec.le == null || spec.gn == null) throw new IllegalArgumentException("a mixture needs a GE, an LE and a GN");
        TfliteSubgraph geGraph = spec.ge.mainSubgraph();
        if (geGraph.inputs().length != 1) throw new IllegalArgumentException("the GE must have exactly one input (the image)");
        GraphSplicer s = new GraphSplicer("mixture");

        TfliteTensor geIn = geGraph.tensor(geGraph.inputs()[0]);
        int[] inPerSample = Arrays.copyOfRange(geIn.shape(), 1, geIn.rank());
        int image = s.activation("image", inPerSample);
        int[] ge = s.append(spec.ge, "ge/", new int[] {image});
        int featuresIndex = geGraph.tensorIndex(spec.geFeatures);
        if (featuresIndex < 0) throw new IllegalArgumentException("the GE has no tensor named '" + spec.geFeatures + "'");
        if (geGraph.tensor(featuresIndex).type() != TensorType.FLOAT32) throw new IllegalArgumentException("GE features must be float32");
        if (spec.geOutput < 0 || spec.geOutput >= geGraph.outputs().length) throw new IllegalArgumentException("the GE has no output " + spec.geOutput);
        int features = ge[featuresIndex];
        int geProbs = ge[geGraph.outputs()[spec.geOutput]];
        int kGe = size(s.perSample(geProbs));
        if (!spec.geLabels.isEmpty() && spec.geLabels.size() != kGe) {
            throw new IllegalArgumentException("the GE outputs " + kGe + " probabilities but has " + spec.geLabels.size() + " labels");
        }
        geProbs = s.reshaped(geProbs, new int[] {kGe}, "ge_probabilities");
        // Only what the LE or GN reads is computed: every op in the graph runs on every call.
        boolean confidence = spec.leInputs.contains(Source.GE_MAX_PROBABILITY) || spec.gnInputs.contains(Source.GE_MAX_PROBABILITY);
        int[] sources = {image, features, geProbs, confidence ? maxProbability(s, geProbs, kGe) : -1};

        int leProbs = appendExpert(s, spec.le, spec.leInputs, sources, "le/");
        int kLe = size(s.perSample(leProbs));
        leProbs = s.reshaped(leProbs, new int[] {kLe}, "le_probabilities");
        if (!spec.leLabels.isEmpty() && spec.leLabels.size() != kLe) {
            throw new IllegalArgumentException("the LE outputs " + kLe + " probabilities but has " + spec.leLabels.size() + " labels");
        }
        int gate = appendExpert(s, spec.gn, spec.gnInputs, sources, "gn/");
        if (size(s.perSample(gate)) != 1) throw new IllegalArgumentException("the GN must output one gate value per input");
        gate = s.reshaped(gate, new int[] {1}, "gate");

        // Both experts' probabilities over the union of labels.
        List<String> union = unionLabels(spec.geLabels, spec.leLabels);
        int k = spec.geLabels.isEmpty() && spec.leLabels.isEmpty() ? kGe : union.size();
        if (spec.geLabels.isEmpty() != spec.leLabels.isEmpty()) throw new IllegalArgumentException("give labels for both experts or for neither");
        if (spec.geLabels.isEmpty() && kGe != kLe) throw new IllegalArgumentException("without labels both experts must output the same classes");
        int geUnion = geProbs, leUnion = leProbs;
        if (!spec.geLabels.isEmpty() && !union.equals(spec.geLabels)) {
            geUnion = remap(s, geProbs, spec.geLabels, union, "ge_union");
        }
        if (!spec.leLabels.isEmpty() && !union.equals(spec.leLabels)) {
            leUnion = remap(s, leProbs, spec.leLabels, union, "le_union");
        }

        int w = gate;
        if (spec.routing == Routing.HARD) {
            int scaled = s.op(BuiltinOperator.MUL, BuiltinOptions.MulOptions, new MulOptionsT(),
                    new int[] {gate, s.constFloats("route/scale", new int[] {1}, new float[] {6e6f})}, s.activation("route/scaled", 1));
            int shifted = s.op(BuiltinOperator.ADD, BuiltinOptions.AddOptions, new AddOptionsT(),
                    new int[] {scaled, s.constFloats("route/shift", new int[] {1}, new float[] {-3e6f})}, s.activation("route/shifted", 1));
            int clipped = s.op(BuiltinOperator.RELU6, BuiltinOptions.NONE, null, new int[] {shifted}, s.activation("route/clipped", 1));
            w = s.op(BuiltinOperator.MUL, BuiltinOptions.MulOptions, new MulOptionsT(),
                    new int[] {clipped, s.constFloats("route/sixth", new int[] {1}, new float[] {1f / 6f})}, s.activation("route/weight", 1));
        }
        int geShare = s.op(BuiltinOperator.SUB, BuiltinOptions.SubOptions, new SubOptionsT(),
                new int[] {s.constFloats("mix/one", new int[] {1}, new float[] {1f}), w}, s.activation("mix/ge_share", 1));
        int gePart = s.op(BuiltinOperator.MUL, BuiltinOptions.MulOptions, new MulOptionsT(), new int[] {geShare, geUnion},
                s.activation("mix/ge_part", k));
        int lePart = s.op(BuiltinOperator.MUL, BuiltinOptions.MulOptions, new MulOptionsT(), new int[] {w, leUnion},
                s.activation("mix/le_part", k));
        int probs = s.op(BuiltinOperator.ADD, BuiltinOptions.AddOptions, new AddOptionsT(), new int[] {gePart, lePart},
                s.activation("probabilities", k));
        s.g.setInputs(image);
        s.g.setOutputs(probs, gate, geProbs, leProbs);
        s.pruneDeadOperators();
        s.out.setDescription("LocalExpert mixture (" + spec.routing.name().toLowerCase(java.util.Locale.ROOT) + " routing)");

        LocalExpertMetadata meta = null;
        try {
            meta = LocalExpertMetadata.read(spec.ge);
        } catch (TfliteFormatException e) {
            // A GE with unreadable LocalExpert metadata still makes a mixture; its fields are just not carried over.
        }
        LocalExpertMetadata m = new LocalExpertMetadata().role("mixture").geHash(GeHash.of(spec.ge))
                .labels(spec.geLabels.isEmpty() ? Collections.<String>emptyList() : union)
                .property("routing", spec.routing.name().toLowerCase(java.util.Locale.ROOT));
        if (meta != null) {
            m.domain(meta.domain());
            if (meta.inputMean().length > 0) m.normalization(meta.inputMean(), meta.inputStd());
        }
        m.writeTo(s.out);
        return s.out;
    }

    /** Exports {@code expert}, wires its inputs to the chosen sources, returns its (first) output tensor. */
    private static int appendExpert(GraphSplicer s, Model expert, List<Source> inputs, int[] sources, String prefix) {
        TfliteModel file = ModelExporter.export(expert);
        TfliteSubgraph eg = file.mainSubgraph();
        if (inputs.size() != eg.inputs().length) {
            throw new IllegalArgumentException(prefix + ": the model has " + eg.inputs().length + " input(s) but " + inputs.size() + " source(s) were given");
        }
        int[] bind = new int[inputs.size()];
        for (int i = 0; i < bind.length; i++) {
            TfliteTensor in = eg.tensor(eg.inputs()[i]);
            bind[i] = s.reshaped(sources[inputs.get(i).ordinal()], Arrays.copyOfRange(in.shape(), 1, in.rank()),
                    prefix + "input" + i);
        }
        int[] map = s.append(file, prefix, bind);
        return map[eg.outputs()[0]];
    }

    /** max_k p_k as [N, 1]: RESHAPE to [N, 1, K, 1], MAX_POOL_2D 1×K, RESHAPE back. */
    private static int maxProbability(GraphSplicer s, int probs, int k) {
        int image = s.reshaped(probs, new int[] {1, k, 1}, "ge_confidence/as_image");
        org.tensorflow.lite.schema.Pool2DOptionsT o = new org.tensorflow.lite.schema.Pool2DOptionsT();
        o.setPadding(org.tensorflow.lite.schema.Padding.VALID);
        o.setFilterHeight(1);
        o.setFilterWidth(k);
        o.setStrideH(1);
        o.setStrideW(k);
        int pooled = s.op(BuiltinOperator.MAX_POOL_2D, BuiltinOptions.Pool2DOptions, o, new int[] {image},
                s.activation("ge_confidence/pooled", 1, 1, 1));
        return s.reshaped(pooled, new int[] {1}, "ge_confidence");
    }

    /**
     * A copy of {@code ge} that also outputs its feature tensor (appended after its own outputs),
     * so the phone can take the features the LE and GN train on from the interpreter itself.
     */
    public static TfliteModel withFeatureOutput(TfliteModel ge, String featuresTensor) {
        GraphSplicer s = new GraphSplicer(ge.mainSubgraph().name());
        TfliteSubgraph g = ge.mainSubgraph();
        int f = g.tensorIndex(featuresTensor);
        if (f < 0) throw new IllegalArgumentException("the GE has no tensor named '" + featuresTensor + "'");
        int[] map = s.append(ge, "", new int[0]);
        int[] in = g.inputs(), out = g.outputs();
        int[] newIn = new int[in.length], newOut = Arrays.copyOf(out, out.length + 1);
        for (int i = 0; i < in.length; i++) newIn[i] = map[in[i]];
        for (int i = 0; i < out.length; i++) newOut[i] = map[out[i]];
        newOut[out.length] = map[f];
        s.g.setInputs(newIn);
        s.g.setOutputs(newOut);
        s.pruneDeadOperators();
        s.out.setDescription(ge.description());
        for (TfliteMetadataEntry e : ge.metadata()) s.out.putMetadata(e.name(), ge.buffer(e.buffer()));
        return s.out;
    }

    /** Probabilities over {@code from} labels as probabilities over {@code to} labels (0 where absent): FC by a 0/1 matrix. */
    private static int remap(GraphSplicer s, int probs, List<String> from, List<String> to, String name) {
        float[] m = new float[to.size() * from.size()];
        for (int j = 0; j < from.size(); j++) m[to.indexOf(from.get(j)) * from.size() + j] = 1f;
        int w = s.constFloats(name + "/matrix", new int[] {to.size(), from.size()}, m);
        int b = s.constFloats(name + "/zero", new int[] {to.size()}, new float[to.size()]);
        return s.op(BuiltinOperator.FULLY_CONNECTED, BuiltinOptions.FullyConnectedOptions, new FullyConnectedOptionsT(),
                new int[] {probs, w, b}, s.activation(name, to.size()));
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }
}

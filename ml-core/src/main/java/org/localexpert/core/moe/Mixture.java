package org.localexpert.core.moe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Add;
import org.localexpert.core.layer.Concatenate;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.Logistic;
import org.localexpert.core.layer.MaxPool2D;
import org.localexpert.core.layer.Multiply;
import org.localexpert.core.layer.Padding;
import org.localexpert.core.layer.Reshape;
import org.localexpert.core.layer.Softmax;
import org.localexpert.core.layer.Subtract;
import org.localexpert.core.layer.SubtractFrom;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.ModelCost;
import org.localexpert.core.model.Node;
import org.localexpert.core.tensor.Tensor;

/**
 * The personalized model: frozen GE, local expert (LE) and gating network (GN) as ONE ml-core
 * {@link Model} made only of layers the TFLite exporter writes and the GPU delegate runs.
 *
 * <pre>
 *   image ─ GE (frozen copy) ─┬─ features f [F] ──┬─ LE: Dense(F→K) ─ Softmax ─────────────── le  [K]
 *                             │                   └─┐
 *                             └─ GE probs [Kge] ─┬─ MaxPool(1×Kge) = GE confidence ─┤
 *                                                │                  Concatenate [F+1] ─ GN: Dense(F+1→1) ─ Logistic ─ gate [1]
 *                                                └─ pad to K (fixed 0/1 Dense, only when the LE adds classes) ─ ge [K]
 *   probabilities = gate · le + (1 − gate) · ge                       (MUL, SUB from 1, MUL, ADD)
 * </pre>
 *
 * When the user taught classes the GE does not know, the gate also opens wherever the LE puts more
 * than half its probability on those classes: the GE cannot be right there (its padded probability of
 * a new class is 0), so neither the GN nor the duel may hand such an input to it.
 *
 * Outputs, in this order: {@link #PROBABILITIES} (the union of the GE's classes and the user's
 * new ones, GE classes first), {@link #GATE} (the LE's share; &gt; 0.5 = "the LE answered"),
 * {@link #GE_PROBABILITIES} (zero-padded to the union) and {@link #LE_PROBABILITIES}.
 *
 * <p><b>Why these pieces.</b> The GE's confidence (its largest probability, taken with a 1×Kge max
 * pool — MAXIMUM-free and GPU-safe) is the strongest single signal that the GE is on familiar
 * ground (Mowst's confidence-based gating); the features tell the GN whose handwriting it is.
 * The LE reads the same frozen features, so it costs one dense layer. With {@link Routing#HARD}
 * the GN's weights are scaled by {@link Routing#HARD_STEEPNESS} so the logistic becomes a step.
 *
 * <p>The part after the GE is also built on its own ({@link #head}), with the GE's features and
 * probabilities as inputs: the benchmark evaluates thousands of inputs per user from features
 * computed once, through the very same layers the full graph uses.
 */
public final class Mixture {
    public static final int PROBABILITIES = 0, GATE = 1, GE_PROBABILITIES = 2, LE_PROBABILITIES = 3;
    /** Output names in the graph (and in the exported .tflite). */
    public static final List<String> OUTPUT_NAMES = Collections.unmodifiableList(
            Arrays.asList("probabilities", "gate", "ge_probabilities", "le_probabilities"));

    private Model model;
    private final Model head;
    private final GlobalExpert ge;
    private final List<String> labels;
    private final int geClasses;
    private final Routing routing;
    private final long geParameters, geMacs;

    private Mixture(Model model, Model head, GlobalExpert ge, List<String> labels, int geClasses, Routing routing, long geParameters, long geMacs) {
        this.model = model;
        this.head = head;
        this.ge = ge;
        this.labels = Collections.unmodifiableList(new ArrayList<>(labels));
        this.geClasses = geClasses;
        this.routing = routing;
        this.geParameters = geParameters;
        this.geMacs = geMacs;
    }

    /**
     * How the gate decides, the one choice besides the trained experts that shapes the graph: hard or soft
     * {@link Routing}, and the conditions that may close the gate where the GN would open it. Immutable;
     * {@link #of(Routing)} starts with no condition.
     */
    public static final class Gating {
        private final Routing routing;
        private final float confidenceCeiling;
        private final float duelMargin;
        private final boolean duel;

        private Gating(Routing routing, float confidenceCeiling, boolean duel, float duelMargin) {
            if (routing == null) throw new IllegalArgumentException("routing must not be null");
            this.routing = routing;
            this.confidenceCeiling = confidenceCeiling;
            this.duel = duel;
            this.duelMargin = duelMargin;
        }

        /** {@code routing} with no condition on the gate. */
        public static Gating of(Routing routing) {
            return new Gating(routing, 1f, false, 0f);
        }

        /**
         * The gate is also closed wherever the GE's confidence is at least {@code ceiling}: gate = GN gate ×
         * σ(S·(ceiling − confidence)), S = {@link #CEILING_STEEPNESS} (a Dense 1→1 on the confidence, a LOGISTIC
         * and a MUL). The LE then only answers where the GE itself is unsure — Mowst's "the weak expert answers
         * where the strong one is not confident".
         */
        public Gating confidenceCeiling(float ceiling) {
            if (!(ceiling > 0f && ceiling < 1f)) throw new IllegalArgumentException("confidence ceiling must be in (0, 1), got " + ceiling);
            return new Gating(routing, ceiling, duel, duelMargin);
        }

        /**
         * The gate is also closed wherever the LE is less sure of its answer than the GE of its own, less
         * {@code margin}: gate ×= σ(S·(LE max-probability − GE max-probability + margin)) — the LE must (nearly)
         * out-confide the GE to overrule it (MAX_POOL, SUB, FULLY_CONNECTED, LOGISTIC, MUL).
         */
        public Gating duel(float margin) {
            if (!(margin >= 0f && margin < 1f)) throw new IllegalArgumentException("duel margin must be in [0, 1), got " + margin);
            return new Gating(routing, confidenceCeiling, true, margin);
        }

        public Routing routing() {
            return routing;
        }
    }

    /**
     * Assembles the mixture from the GE and trained LE/GN layers (copied, not shared), the gate deciding as
     * {@code gating} says.
     *
     * @param labels the union label set: the GE's labels first, then the user's new ones
     * @param le     Dense(F → labels.size())
     * @param gn     Dense(F + 1 → 1) producing the gate's logit (unscaled; HARD scales a copy)
     */
    public static Mixture assemble(GlobalExpert ge, List<String> labels, Dense le, Dense gn, Gating gating) {
        if (!labels.subList(0, Math.min(labels.size(), ge.numClasses())).equals(ge.labels())) {
            throw new IllegalArgumentException("the mixture's labels must start with the GE's " + ge.labels() + ", got " + labels);
        }
        int f = ge.featureSize();
        if (le.inFeatures() != f || le.units() != labels.size()) {
            throw new IllegalArgumentException("LE must map " + f + " features to " + labels.size() + " classes, got " + le);
        }
        if (gn.inFeatures() != f + 1 || gn.units() != 1) throw new IllegalArgumentException("GN must map " + (f + 1) + " inputs to 1, got " + gn);

        Model.Builder hb = Model.builder(0);
        Node hf = hb.input("head_in/ge_features", f);
        Node hp = hb.input("head_in/ge_probabilities", ge.numClasses());
        Model head = hb.build(headNodes(hb, hf, hp, ge.numClasses(), labels.size(), le, gn, gating));
        head.freeze();

        // The full graph (a copy of the GE's layers plus the head) is built on first use: personalization's
        // cross-validation scores many mixtures through their heads alone.
        return new Mixture(null, head, ge, labels, ge.numClasses(), gating.routing, ge.parameterCount(), ge.macs());
    }

    private static Model fullGraph(GlobalExpert ge, Model head) {
        Model.Builder b = Model.builder(0);
        Node x = b.input("image", ge.inputShape());
        Node[] fp = ge.includeInto(b, "ge/", x);
        List<Node> outs = new ArrayList<>(b.include(head, "", fp[0], fp[1]).values());
        Node[] outputs = new Node[4];
        for (int i = 0; i < 4; i++) outputs[i] = find(outs, head.outputs().get(i).name());
        Model model = b.build(outputs);
        model.freeze();
        return model;
    }

    private static Node find(List<Node> nodes, String name) {
        for (Node n : nodes) if (n.name().equals(name)) return n;
        throw new IllegalStateException("head output " + name + " missing");
    }

    /** Slope of the confidence ceiling's step: 1e4 per unit of probability (a ramp 0.001 wide). */
    public static final float CEILING_STEEPNESS = 1e4f;

    private static Node[] headNodes(Model.Builder b, Node features, Node geProbs, int kge, int k, Dense le, Dense gn, Gating gating) {
        // GN input: features and the GE's confidence (max probability, as a 1×Kge max pool).
        Node row = b.add(new Reshape("gn/ge_probs_row", 1, kge, 1), geProbs);
        Node pooled = b.add(new MaxPool2D("gn/ge_confidence_pool", 1, kge, 1, kge, Padding.VALID), row);
        Node confidence = b.add(new Reshape("gn/ge_confidence", 1), pooled);
        Node gnIn = b.add(new Concatenate("gn/input"), features, confidence);
        Dense gate = gn.copy("gn/dense");
        if (gating.routing == Routing.HARD) {
            for (float[] w : new float[][] {gate.weights().value().data(), gate.bias().value().data()}) {
                for (int i = 0; i < w.length; i++) w[i] *= Routing.HARD_STEEPNESS;
            }
        }
        Node leProbs = b.add(new Softmax(OUTPUT_NAMES.get(LE_PROBABILITIES)), b.addKeepingWeights(le.copy("le/dense"), features));
        List<Node> factors = new ArrayList<>();
        factors.add(b.addKeepingWeights(gate, gnIn));
        if (gating.confidenceCeiling < 1f) {
            Dense unsure = new Dense("gn/ge_unsure_logit", 1, 1, Activation.NONE);
            unsure.weights().value().data()[0] = -CEILING_STEEPNESS;
            unsure.bias().value().data()[0] = CEILING_STEEPNESS * gating.confidenceCeiling;
            factors.add(b.addKeepingWeights(unsure, confidence));
        }
        if (gating.duel) {
            Node leRow = b.add(new Reshape("gn/le_probs_row", 1, k, 1), leProbs);
            Node lePool = b.add(new MaxPool2D("gn/le_confidence_pool", 1, k, 1, k, Padding.VALID), leRow);
            Node leConfidence = b.add(new Reshape("gn/le_confidence", 1), lePool);
            Node diff = b.add(new Subtract("gn/le_minus_ge_confidence"), leConfidence, confidence);
            Dense surer = new Dense("gn/le_surer_logit", 1, 1, Activation.NONE);
            surer.weights().value().data()[0] = CEILING_STEEPNESS;
            surer.bias().value().data()[0] = CEILING_STEEPNESS * gating.duelMargin;
            factors.add(b.addKeepingWeights(surer, diff));
        }
        boolean newClasses = k > kge;
        String gateName = newClasses ? "gn/gate_known" : OUTPUT_NAMES.get(GATE);
        Node g;
        if (factors.size() == 1) {
            g = b.add(new Logistic(gateName), factors.get(0));
        } else {
            g = b.add(new Logistic("gn/gate"), factors.get(0));
            for (int i = 1; i < factors.size(); i++) {
                Node step = b.add(new Logistic("gn/condition" + i), factors.get(i));
                g = b.add(new Multiply(i == factors.size() - 1 ? gateName : "gn/gate_and" + i), g, step);
            }
        }
        if (newClasses) {
            // Only the LE knows the user's new classes, so the GE can never be right where the LE's answer is
            // one of them: where the LE puts more than half its probability on new classes, the gate opens
            // whatever the GN and the duel say. gate = 1 − (1 − g)(1 − step), step = σ(S·(new-class mass − ½)).
            Dense mass = new Dense("gn/new_class_logit", k, 1, Activation.NONE);
            float[] mw = mass.weights().value().data(); // [1, k]
            for (int j = kge; j < k; j++) mw[j] = CEILING_STEEPNESS;
            mass.bias().value().data()[0] = -0.5f * CEILING_STEEPNESS;
            Node step = b.add(new Logistic("gn/new_class"), b.addKeepingWeights(mass, leProbs));
            Node notG = b.add(new SubtractFrom("gn/not_gate_known", 1f), g);
            Node notStep = b.add(new SubtractFrom("gn/not_new_class", 1f), step);
            Node neither = b.add(new Multiply("gn/neither"), notG, notStep);
            g = b.add(new SubtractFrom(OUTPUT_NAMES.get(GATE), 1f), neither);
        }

        Node gePadded;
        if (k == kge) {
            gePadded = b.add(new Reshape(OUTPUT_NAMES.get(GE_PROBABILITIES), k), geProbs);
        } else {
            // A fixed 0/1 matrix: GE class j → union class j; the user's new classes get 0.
            Dense pad = new Dense(OUTPUT_NAMES.get(GE_PROBABILITIES), kge, k, Activation.NONE, false);
            float[] w = pad.weights().value().data(); // [k, kge]
            for (int j = 0; j < kge; j++) w[j * kge + j] = 1f;
            gePadded = b.addKeepingWeights(pad, geProbs);
        }
        Node leShare = b.add(new Multiply("mix/le"), g, leProbs);
        Node geWeight = b.add(new SubtractFrom("mix/ge_weight", 1f), g);
        Node geShare = b.add(new Multiply("mix/ge"), geWeight, gePadded);
        Node combined = b.add(new Add(OUTPUT_NAMES.get(PROBABILITIES)), leShare, geShare);
        return new Node[] {combined, g, gePadded, leProbs};
    }

    /** Wraps a mixture graph read back from a file (4 outputs in the documented order). */
    public static Mixture fromModel(Model model, List<String> labels, int geClasses) {
        if (model.outputs().size() != 4) {
            throw new IllegalArgumentException("a mixture has 4 outputs (probabilities, gate, GE and LE probabilities); this model has "
                    + model.outputs().size());
        }
        if (model.outputs().get(PROBABILITIES).shape()[0] != labels.size()) {
            throw new IllegalArgumentException("the mixture gives " + model.outputs().get(PROBABILITIES).shape()[0]
                    + " class probabilities but " + labels.size() + " labels are known");
        }
        model.freeze();
        return new Mixture(model, null, null, labels, geClasses, null, -1, -1);
    }

    /** The full graph: image in, 4 outputs. */
    public synchronized Model model() {
        if (model == null) model = fullGraph(ge, head);
        return model;
    }

    /** The part after the GE (inputs: GE features, GE probabilities; same 4 outputs), or null for a loaded mixture. */
    public Model head() {
        return head;
    }

    public List<String> labels() {
        return labels;
    }

    public int geClasses() {
        return geClasses;
    }

    /** The routing it was built with (null when read from a file). */
    public Routing routing() {
        return routing;
    }

    /** LE + GN parameters (the head's, including the fixed padding matrix) / GE parameters. */
    public double parameterShare() {
        return head.parameterCount() / (double) geParameters;
    }

    /** LE + GN multiply-accumulates / GE multiply-accumulates. */
    public double macShare() {
        return ModelCost.macs(head) / (double) geMacs;
    }

    public long overheadParameters() {
        return head.parameterCount();
    }

    public long overheadMacs() {
        return ModelCost.macs(head);
    }

    /** Runs the head on precomputed GE outputs: {probabilities, gate, ge, le}. */
    public Tensor[] runHead(FeatureSet fs) {
        head.setThreads(1);
        return head.forward(false, fs.featureTensor(), fs.probTensor());
    }

    public String costSummary() {
        return String.format(Locale.ROOT, "LE+GN %,d parameters (%.2f %% of the GE), %,d MACs (%.2f %% of the GE)",
                overheadParameters(), 100 * parameterShare(), overheadMacs(), 100 * macShare());
    }
}

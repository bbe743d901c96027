package org.localexpert.core.predict;

import java.util.List;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.tflite.LocalExpertMetadata;

/**
 * A model file's engine plus what its metadata says (labels, domain, calibrated "unsure" threshold),
 * turned into {@link Prediction}s — the one place that knows how to read a GE's or a mixture's outputs.
 * The app (TFLite on the GPU or CPU), the CLI and tests (Java engine or host TFLite) all predict
 * through this class, so they agree on "who answered" and on when to abstain.
 *
 * <pre>
 *   try (Classifier c = Classifier.of(engine, ModelFile.load(path).metadata())) {
 *       Prediction p = c.classify(HandwritingPreprocessor.fromStrokes(strokes));
 *   }
 * </pre>
 *
 * <p>A GE has one output (class probabilities, or logits — normalised here when they are not
 * probabilities already); a mixture has four (see {@code Mixture.OUTPUT_NAMES}): mixed
 * probabilities, gate, GE probabilities, LE probabilities. Not thread-safe, like the engine; the
 * classifier owns the engine and closes it.
 */
public final class Classifier implements AutoCloseable {
    private static final int MIXTURE_OUTPUTS = 4, PROBABILITIES = 0, GATE = 1;

    private final InferenceEngine engine;
    private final List<String> labels;
    private final String domain;
    private final AbstentionRule rule;
    private final int[] inputShape;

    public Classifier(InferenceEngine engine, List<String> labels, String domain, AbstentionRule rule) {
        if (engine == null || labels == null || rule == null) throw new IllegalArgumentException("engine, labels and rule are required");
        this.engine = engine;
        this.labels = labels;
        this.domain = domain;
        this.rule = rule;
        int[] shape = engine.inputShape(0);
        if (shape.length != 4) throw new IllegalArgumentException("expected an image model with NHWC input, got input shape " + java.util.Arrays.toString(shape));
        if (shape[0] != 1) {
            shape = shape.clone();
            shape[0] = 1;
            engine.resizeInput(0, shape);
        }
        this.inputShape = new int[] {shape[1], shape[2], shape[3]};
        int classes = engine.outputShape(0)[engine.outputShape(0).length - 1];
        if (classes != labels.size()) {
            throw new IllegalArgumentException("the model outputs " + classes + " classes but its metadata names " + labels.size() + " labels");
        }
    }

    /**
     * The classifier a model file describes: labels and domain from its metadata, the abstention rule
     * of its domain with the calibrated threshold it carries (else {@link AbstentionRule#DEFAULT_UNSURE_BELOW}).
     */
    public static Classifier of(InferenceEngine engine, LocalExpertMetadata metadata) {
        if (metadata == null || metadata.labels().isEmpty()) throw new IllegalArgumentException("the model has no LocalExpert metadata with labels");
        return new Classifier(engine, metadata.labels(), metadata.domain(), ruleOf(metadata, Domain.named(metadata.domain())));
    }

    /**
     * The abstention rule a model file carries: {@code domain}'s rule (handwriting's when null: a file that
     * does not say) with the calibrated threshold in {@code metadata} (or the default when it has none).
     */
    public static AbstentionRule ruleOf(LocalExpertMetadata metadata, Domain domain) {
        ConfidenceThreshold t = metadata == null ? null : ConfidenceThreshold.fromMetadata(metadata);
        if (t == null) t = new ConfidenceThreshold(AbstentionRule.DEFAULT_UNSURE_BELOW, "default: no calibrated threshold in the model's metadata");
        return (domain == null ? Domain.HANDWRITING : domain).abstentionRule(t);
    }

    public List<String> labels() { return labels; }

    /** The metadata's domain name ({@link Domain#id()}), or null when it does not say. */
    public String domain() { return domain; }

    /** Input height, width, channels (batch 1). */
    public int[] inputShape() { return inputShape.clone(); }

    public boolean isMixture() { return engine.outputCount() == MIXTURE_OUTPUTS; }

    public AbstentionRule rule() { return rule; }

    /** What runs the model, e.g. "TFLite GPU delegate" — for the app's settings screen. */
    public String backend() { return engine.backend(); }

    /** Classifies one preprocessed input (values in [0, 1], {@link #inputShape()} row-major). */
    public Prediction classify(float[] input) {
        int size = inputShape[0] * inputShape[1] * inputShape[2];
        if (input == null || input.length != size) {
            throw new IllegalArgumentException("expected " + size + " input values (" + inputShape[0] + "x" + inputShape[1] + "x" + inputShape[2]
                    + "), got " + (input == null ? "none" : String.valueOf(input.length)));
        }
        long start = System.nanoTime();
        float[][] out = engine.run(input);
        long nanos = System.nanoTime() - start;
        float[] p = out[PROBABILITIES].clone();
        if (!isDistribution(p)) softmax(p);
        boolean mixture = out.length == MIXTURE_OUTPUTS;
        float gate = mixture ? out[GATE][0] : Float.NaN;
        Prediction.Expert who = mixture && gate > 0.5f ? Prediction.Expert.LOCAL : Prediction.Expert.GLOBAL;
        AbstentionRule.Decision d = rule.decide(input, inputShape[0], inputShape[1], inputShape[2], p);
        return new Prediction(labels.get(d.label()), d.label(), d.probability(), p, who, gate, d.unsure() ? d.reason() : null,
                d.inputProblem(), nanos);
    }

    @Override
    public void close() {
        engine.close();
    }

    /** True when {@code p} already is a probability vector (a softmax in the graph). */
    static boolean isDistribution(float[] p) {
        double sum = 0;
        for (float v : p) {
            if (!(v >= 0 && v <= 1)) return false;
            sum += v;
        }
        return Math.abs(sum - 1) < 1e-3;
    }

    static void softmax(float[] z) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : z) max = Math.max(max, v);
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) Math.exp(z[i] - max);
            sum += z[i];
        }
        for (int i = 0; i < z.length; i++) z[i] /= sum;
    }
}

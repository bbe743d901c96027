package org.localexpert.app.fake;

import android.os.Handler;
import android.os.Looper;

import org.localexpert.app.data.Domain;
import org.localexpert.app.inference.Predictor;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.abstain.Familiarity;
import org.localexpert.core.predict.Classifier;
import org.localexpert.core.predict.Prediction;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.train.PlantRecipes;

import java.util.List;
import java.util.function.Consumer;

/**
 * Answers every input with fixed probabilities (settable per test) through ml-core's real {@link Classifier},
 * so Predictions look exactly like production ones. Results are posted to the main looper.
 */
public class FakePredictor implements Predictor {
    /** The probabilities the next predictions return, per domain (index = label order of the fake samples). */
    public volatile float[] handwriting = one(10, 3, 0.97f);
    public volatile float[] plant = one(3, 1, 0.91f);
    /**
     * When set, the rule gets a familiarity check (issue 18) that finds every input unlike its reference bank:
     * the answer is "unsure" because the input is like nothing the model was taught, however confident it is.
     */
    public volatile boolean unfamiliar;
    /** A gate value above 0.5 makes the answer come from the local expert ("you"). */
    public volatile float gate = Float.NaN;
    public int calls;
    private final Handler main = new Handler(Looper.getMainLooper());

    public static float[] one(int classes, int label, float p) {
        float[] out = new float[classes];
        for (int i = 0; i < classes; i++) out[i] = (1 - p) / (classes - 1);
        out[label] = p;
        return out;
    }

    /** When set, every prediction fails with this (e.g. an unreadable model) instead of answering. */
    public volatile Exception failWith;

    @Override
    public void predict(String domain, float[] input, Consumer<Prediction> onResult, Consumer<Exception> onError) {
        calls++;
        Exception failure = failWith;
        if (failure != null) {
            main.post(() -> onError.accept(failure));
            return;
        }
        Prediction p = classify(domain, input);
        main.post(() -> onResult.accept(p));
    }

    /** The prediction {@link #predict} would deliver, computed synchronously. */
    public Prediction classify(String domain, float[] input) {
        boolean hand = Domain.HANDWRITING.equals(domain);
        float[] probs = hand ? handwriting : plant;
        List<String> labels = hand ? FakeSampleRepository.DIGITS : FakeSampleRepository.PLANT_LABELS;
        int[] shape = hand ? new int[] {1, 28, 28, 1} : new int[] {1, PlantRecipes.IMAGE_SIZE, PlantRecipes.IMAGE_SIZE, 3};
        ConfidenceThreshold t = new ConfidenceThreshold(0.5f, "fake");
        AbstentionRule rule = hand ? AbstentionRule.forHandwriting(t) : AbstentionRule.forLeafPhotos(t);
        float[] in = input;
        int size = shape[1] * shape[2] * shape[3];
        if (in == null || in.length != size) in = new float[size];
        if (!unfamiliar) return new Classifier(new FixedEngine(shape, probs, gate), labels, domain, rule).classify(in);
        // A one-vector bank along feature 0 and inputs whose features lie along feature 1: similarity 0 < 0.5.
        Familiarity far = new Familiarity(0.5f, "fake", new float[] {1f, 0f}, 2);
        return new Classifier(new FixedEngine(shape, probs, gate), labels, domain, rule.withFamiliarity(far), x -> new float[] {0f, 1f}).classify(in);
    }

    /** When set, asking which engine runs a model fails with this (e.g. a model that cannot be opened). */
    public volatile RuntimeException backendFailure;

    @Override
    public String backend(String domain) {
        RuntimeException failure = backendFailure;
        if (failure != null) throw failure;
        return "Fake predictor (tests)";
    }

    /** An engine whose outputs are given: one output (a GE), or four (a mixture) when a gate is set. */
    private static final class FixedEngine implements InferenceEngine {
        private final int[] shape;
        private final float[] probs;
        private final float gate;

        FixedEngine(int[] shape, float[] probs, float gate) {
            this.shape = shape;
            this.probs = probs;
            this.gate = gate;
        }

        @Override public int inputCount() { return 1; }
        @Override public int outputCount() { return Float.isNaN(gate) ? 1 : 4; }
        @Override public int[] inputShape(int i) { return shape.clone(); }
        @Override public int[] outputShape(int i) { return i == 1 ? new int[] {1, 1} : new int[] {1, probs.length}; }
        @Override public void resizeInput(int i, int[] shape) {}
        @Override public float[][] run(float[]... inputs) {
            if (Float.isNaN(gate)) return new float[][] {probs.clone()};
            return new float[][] {probs.clone(), {gate}, probs.clone(), probs.clone()};
        }
        @Override public String backend() { return "fixed outputs (tests)"; }
        @Override public void close() {}
    }
}

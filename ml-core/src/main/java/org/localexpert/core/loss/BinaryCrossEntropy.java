package org.localexpert.core.loss;

import org.localexpert.core.layer.Logistic;
import org.localexpert.core.tensor.Tensor;

/**
 * Binary cross-entropy on logits z with targets t in [0, 1] (the gate: "should the local expert
 * answer?"). Written as max(z, 0) − z·t + log(1 + e^−|z|), which equals −t·log σ(z) − (1−t)·log(1−σ(z))
 * but never takes the log of 0 nor overflows exp. Gradient: (σ(z) − t)·w_i / Σw.
 *
 * <p>Logits are {@code [N]} or {@code [N, 1]} (or any shape: each element is one prediction);
 * the target has the same number of elements. Optional weights for positive and negative targets
 * (w = t·w₁ + (1−t)·w₀) counter imbalance; the loss is their weighted mean.
 */
public final class BinaryCrossEntropy implements Loss {
    private float negativeWeight = 1f, positiveWeight = 1f;
    private Tensor gradient;

    public BinaryCrossEntropy() {}

    /** Weights of targets 0 and 1. */
    public BinaryCrossEntropy withClassWeights(float negative, float positive) {
        if (!(negative >= 0f) || !(positive >= 0f) || Float.isInfinite(negative) || Float.isInfinite(positive)) {
            throw new IllegalArgumentException("class weights must be finite and ≥ 0");
        }
        this.negativeWeight = negative;
        this.positiveWeight = positive;
        return this;
    }

    @Override
    public float forward(Tensor logits, Tensor target) {
        if (target.size() != logits.size()) {
            throw new IllegalArgumentException("binary cross-entropy: " + logits.size() + " logits but " + target.size() + " targets");
        }
        return forward(logits, target.data());
    }

    public float forward(Tensor logits, float[] targets) {
        if (targets.length != logits.size()) {
            throw new IllegalArgumentException("binary cross-entropy: " + logits.size() + " logits but " + targets.length + " targets");
        }
        gradient = Tensor.reuse(gradient, logits.shape());
        float[] z = logits.data(), g = gradient.data();
        double total = 0, weightSum = 0;
        for (int i = 0; i < z.length; i++) {
            float t = targets[i];
            if (!(t >= 0f && t <= 1f)) throw new IllegalArgumentException("binary cross-entropy target " + i + " is " + t + ", not in [0, 1]");
            float w = t * positiveWeight + (1 - t) * negativeWeight;
            double zi = z[i];
            total += w * (Math.max(zi, 0) - zi * t + Math.log1p(Math.exp(-Math.abs(zi))));
            weightSum += w;
            g[i] = w * (Logistic.sigmoid(z[i]) - t);
        }
        float scale = weightSum > 0 ? (float) (1.0 / weightSum) : 0f;
        for (int i = 0; i < g.length; i++) g[i] *= scale;
        return weightSum > 0 ? (float) (total / weightSum) : 0f;
    }

    @Override
    public Tensor backward() {
        if (gradient == null) throw new IllegalStateException("backward before forward");
        return gradient;
    }
}

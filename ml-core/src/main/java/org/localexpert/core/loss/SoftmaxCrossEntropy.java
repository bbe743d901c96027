package org.localexpert.core.loss;

import java.util.Arrays;
import org.localexpert.core.tensor.Tensor;

/**
 * Softmax + cross-entropy on logits {@code [N, K]}, computed together: log p = z − max − log Σ e^(z − max)
 * never overflows, and the gradient is simply (p − q) per sample, scaled by its weight.
 *
 * <ul>
 * <li>Targets: class indices ({@code int[]}, or a {@code [N]} tensor holding them), or soft target
 * distributions {@code [N, K]}. The index {@link #NO_CLASS} marks an input of no class (an outlier): its
 * target is the uniform distribution, which teaches the model to be unsure of such inputs (outlier
 * exposure, Hendrycks et al. 2019).</li>
 * <li>Label smoothing ε: the target becomes (1 − ε)·target + ε/K (regularises over-confident GEs
 * and helps calibration).</li>
 * <li>Class weights w: sample i counts w[y_i] (for soft targets Σ_k q_k·w_k); the loss is the
 * weighted mean Σ w_i·CE_i / Σ w_i (PyTorch's convention), so re-weighting changes the balance
 * between classes, not the loss scale. Optional per-sample weights multiply in.</li>
 * </ul>
 */
public final class SoftmaxCrossEntropy implements Loss {
    /** Label of an input that belongs to no class: its target is 1/K for every class. */
    public static final int NO_CLASS = -1;

    private float[] classWeights;
    private float smoothing;

    private Tensor probabilities, gradient;
    private float[] targetRow = new float[0];

    public SoftmaxCrossEntropy() {}

    /** Per-class weights (length K), e.g. inverse class frequencies; null for none. */
    public SoftmaxCrossEntropy withClassWeights(float[] weights) {
        if (weights != null) {
            for (float w : weights) {
                if (!(w >= 0f) || Float.isInfinite(w)) throw new IllegalArgumentException("class weights must be finite and ≥ 0: " + Arrays.toString(weights));
            }
        }
        this.classWeights = weights == null ? null : weights.clone();
        return this;
    }

    /** Label smoothing ε in [0, 1). */
    public SoftmaxCrossEntropy withLabelSmoothing(float epsilon) {
        if (!(epsilon >= 0f && epsilon < 1f)) throw new IllegalArgumentException("label smoothing must be in [0, 1) but was " + epsilon);
        this.smoothing = epsilon;
        return this;
    }

    public float labelSmoothing() {
        return smoothing;
    }

    /** Target as a {@code [N]} tensor of class indices or {@code [N, K]} distributions. */
    @Override
    public float forward(Tensor logits, Tensor target) {
        if (target.rank() == 1) {
            int[] labels = new int[target.size()];
            for (int i = 0; i < labels.length; i++) {
                float v = target.data()[i];
                if (v != Math.rint(v)) throw new IllegalArgumentException("class index targets must be whole numbers, got " + v);
                labels[i] = (int) v;
            }
            return forward(logits, labels, null);
        }
        return compute(logits, null, target, null);
    }

    public float forward(Tensor logits, int[] labels) {
        return forward(logits, labels, null);
    }

    /** With per-sample weights (length N, ≥ 0), or null. */
    public float forward(Tensor logits, int[] labels, float[] sampleWeights) {
        return compute(logits, labels, null, sampleWeights);
    }

    private float compute(Tensor logits, int[] labels, Tensor soft, float[] sampleWeights) {
        logits.requireRank("softmax cross-entropy logits [N, K]", 2);
        int n = logits.dim(0), k = logits.dim(1);
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException("softmax cross-entropy: " + n + " logits rows but " + labels.length + " labels");
        }
        if (soft != null) soft.requireShape("softmax cross-entropy soft targets", n, k);
        if (sampleWeights != null && sampleWeights.length != n) {
            throw new IllegalArgumentException("softmax cross-entropy: " + n + " samples but " + sampleWeights.length + " sample weights");
        }
        if (classWeights != null && classWeights.length != k) {
            throw new IllegalArgumentException("softmax cross-entropy: " + k + " classes but " + classWeights.length + " class weights");
        }
        probabilities = Tensor.reuse(probabilities, n, k);
        gradient = Tensor.reuse(gradient, n, k);
        if (targetRow.length != k) targetRow = new float[k];
        float[] z = logits.data(), p = probabilities.data(), g = gradient.data(), q = targetRow;
        double total = 0, weightSum = 0;
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            int o = i * k;
            // target distribution q for this row
            if (labels != null) {
                int y = labels[i];
                if (y == NO_CLASS) {
                    Arrays.fill(q, 1f / k);
                } else {
                    if (y < 0 || y >= k) throw new IllegalArgumentException("label " + y + " of sample " + i + " is outside [0, " + k + ")");
                    Arrays.fill(q, 0f);
                    q[y] = 1f;
                }
            } else {
                System.arraycopy(soft.data(), o, q, 0, k);
            }
            float wi = 1f;
            if (classWeights != null) {
                double cw = 0;
                for (int j = 0; j < k; j++) cw += q[j] * classWeights[j];
                wi = (float) cw;
            }
            if (sampleWeights != null) wi *= sampleWeights[i];
            w[i] = wi;
            if (smoothing > 0f) for (int j = 0; j < k; j++) q[j] = (1f - smoothing) * q[j] + smoothing / k;
            // log-softmax, stable
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) max = Math.max(max, z[o + j]);
            double sum = 0;
            for (int j = 0; j < k; j++) sum += Math.exp(z[o + j] - max);
            double logSum = Math.log(sum);
            double ce = 0;
            for (int j = 0; j < k; j++) {
                double logP = z[o + j] - max - logSum;
                p[o + j] = (float) Math.exp(logP);
                if (q[j] != 0f) ce -= q[j] * logP;
                g[o + j] = p[o + j] - q[j]; // scaled by w_i / Σw below
            }
            total += wi * ce;
            weightSum += wi;
        }
        float scale = weightSum > 0 ? (float) (1.0 / weightSum) : 0f;
        for (int i = 0; i < n; i++) {
            float s = w[i] * scale;
            for (int j = 0, o = i * k; j < k; j++) g[o + j] *= s;
        }
        return weightSum > 0 ? (float) (total / weightSum) : 0f;
    }

    @Override
    public Tensor backward() {
        if (gradient == null) throw new IllegalStateException("backward before forward");
        return gradient;
    }

    /** Softmax probabilities of the last forward ({@code [N, K]}), e.g. for accuracy. */
    public Tensor probabilities() {
        return probabilities;
    }
}

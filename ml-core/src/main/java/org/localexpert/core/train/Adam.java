package org.localexpert.core.train;

/**
 * Adam (Kingma &amp; Ba) and, with {@link WeightDecay#DECOUPLED}, AdamW. Moments are float arrays;
 * the bias corrections {@code 1 - beta^t} are computed in double so they stay exact for long runs.
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final float epsilon;

    /** Adam with the usual betas (0.9, 0.999), epsilon 1e-8, no weight decay. */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8, 0, WeightDecay.L2);
    }

    public Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                WeightDecay decayKind) {
        super(learningRate, weightDecay, decayKind);
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        if (!(epsilon > 0)) throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = (float) epsilon;
    }

    /** AdamW: Adam with decoupled weight decay (betas 0.9, 0.999, epsilon 1e-8). */
    public static Adam adamW(double learningRate, double weightDecay) {
        return new Adam(learningRate, 0.9, 0.999, 1e-8, weightDecay, WeightDecay.DECOUPLED);
    }

    @Override
    protected void update(String name, float[] w, float[] g, float lr, float l2, long t) {
        float[] m = buffer("m", name, w.length);
        float[] v = buffer("v", name, w.length);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        // Fold both bias corrections into one step size: lr * sqrt(1-b2^t) / (1-b1^t); epsilon is
        // scaled the same way so the result equals the textbook form mhat / (sqrt(vhat) + eps).
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = Math.sqrt(1 - Math.pow(beta2, t));
        float stepSize = (float) (lr * c2 / c1);
        float eps = (float) (epsilon * c2);
        for (int i = 0; i < w.length; i++) {
            float gi = g[i] + l2 * w[i];
            float mi = b1 * m[i] + (1 - b1) * gi;
            float vi = b2 * v[i] + (1 - b2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            w[i] -= stepSize * mi / ((float) Math.sqrt(vi) + eps);
        }
    }

    @Override
    public String toString() {
        String kind = weightDecay() != 0 && decayKind() == WeightDecay.DECOUPLED ? "AdamW" : "Adam";
        return kind + "(lr=" + learningRate() + (weightDecay() != 0
                ? (decayKind() == WeightDecay.L2 ? ", l2=" : ", wd=") + weightDecay() : "") + ")";
    }
}

package org.localexpert.core.train;

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, in the form PyTorch uses:
 * {@code v = mu*v + g; w -= lr * (nesterov ? g + mu*v : v)}. With this form, changing the
 * learning rate mid-run (a schedule) does not rescale the momentum already accumulated.
 */
public final class Sgd extends Optimizer {
    private final float momentum;
    private final boolean nesterov;

    /** Plain SGD: no momentum, no decay. */
    public Sgd(double learningRate) {
        this(learningRate, 0, false, 0, WeightDecay.L2);
    }

    public Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay, WeightDecay decayKind) {
        super(learningRate, weightDecay, decayKind);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs a momentum > 0");
        }
        this.momentum = (float) momentum;
        this.nesterov = nesterov;
    }

    @Override
    protected void update(String name, float[] w, float[] g, float lr, float l2, long t) {
        if (momentum == 0f) {
            for (int i = 0; i < w.length; i++) w[i] -= lr * (g[i] + l2 * w[i]);
            return;
        }
        float[] v = buffer("momentum", name, w.length);
        float mu = momentum;
        for (int i = 0; i < w.length; i++) {
            float gi = g[i] + l2 * w[i];
            float vi = mu * v[i] + gi;
            v[i] = vi;
            w[i] -= lr * (nesterov ? gi + mu * vi : vi);
        }
    }

    @Override
    public String toString() {
        return "SGD(lr=" + learningRate() + (momentum != 0 ? ", momentum=" + momentum : "")
                + (nesterov ? ", nesterov" : "")
                + (weightDecay() != 0 ? ", " + decayName() + "=" + weightDecay() : "") + ")";
    }

    private String decayName() {
        return decayKind() == WeightDecay.L2 ? "l2" : "wd";
    }
}

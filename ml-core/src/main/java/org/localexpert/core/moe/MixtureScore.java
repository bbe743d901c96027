package org.localexpert.core.moe;

import org.localexpert.core.tensor.Tensor;

/** Errors and gate usage of a mixture (or of its GE alone) on inputs whose GE features are known. */
public final class MixtureScore {
    public final int samples;
    public final int errors;
    public final int geErrors;
    public final int routedToLe;
    /** The mixture's top probability on each input (what its "unsure" cut compares). */
    public final float[] top;

    private MixtureScore(int samples, int errors, int geErrors, int routedToLe, float[] top) {
        this.samples = samples;
        this.errors = errors;
        this.geErrors = geErrors;
        this.routedToLe = routedToLe;
        this.top = top;
    }

    /** Scores {@code mixture} on {@code fs} (labels in the mixture's label indices). */
    public static MixtureScore of(Mixture mixture, FeatureSet fs) {
        Tensor[] out = mixture.runHead(fs);
        float[] p = out[Mixture.PROBABILITIES].data(), g = out[Mixture.GATE].data();
        int k = mixture.labels().size(), errors = 0, toLe = 0, geErrors = 0;
        float[] top = new float[fs.size()];
        for (int i = 0; i < fs.size(); i++) {
            int best = FeatureSet.argmax(p, i * k, k);
            top[i] = p[i * k + best];
            if (best != fs.label(i)) errors++;
            if (fs.gePrediction(i) != fs.label(i)) geErrors++;
            if (g[i] > 0.5f) toLe++;
        }
        return new MixtureScore(fs.size(), errors, geErrors, toLe, top);
    }

    public double accuracy() {
        return 1 - errors / (double) Math.max(1, samples);
    }

    public double geAccuracy() {
        return 1 - geErrors / (double) Math.max(1, samples);
    }

    public double gateShare() {
        return routedToLe / (double) Math.max(1, samples);
    }
}

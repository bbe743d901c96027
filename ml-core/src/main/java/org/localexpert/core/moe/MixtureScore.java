package org.localexpert.core.moe;

import org.localexpert.core.tensor.Tensor;

/** Errors and gate usage of a mixture (or of its GE alone) on inputs whose GE features are known. */
public final class MixtureScore {
    public final int samples;
    public final int errors;
    public final int geErrors;
    public final int routedToLe;

    private MixtureScore(int samples, int errors, int geErrors, int routedToLe) {
        this.samples = samples;
        this.errors = errors;
        this.geErrors = geErrors;
        this.routedToLe = routedToLe;
    }

    /** Scores {@code mixture} on {@code fs} (labels in the mixture's label indices). */
    public static MixtureScore of(Mixture mixture, FeatureSet fs) {
        Tensor[] out = mixture.runHead(fs);
        float[] p = out[Mixture.PROBABILITIES].data(), g = out[Mixture.GATE].data();
        int k = mixture.labels().size(), errors = 0, toLe = 0, geErrors = 0;
        for (int i = 0; i < fs.size(); i++) {
            if (FeatureSet.argmax(p, i * k, k) != fs.label(i)) errors++;
            if (fs.gePrediction(i) != fs.label(i)) geErrors++;
            if (g[i] > 0.5f) toLe++;
        }
        return new MixtureScore(fs.size(), errors, geErrors, toLe);
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

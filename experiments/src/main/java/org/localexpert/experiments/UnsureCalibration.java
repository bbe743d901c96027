package org.localexpert.experiments;

import java.util.Arrays;
import java.util.Locale;
import org.localexpert.core.abstain.ConfidenceThreshold;

/**
 * How issue 18's two cuts are chosen from in-domain calibration inputs alone (no unknown input is
 * looked at): flag if the top probability is below one cut OR the nearest-bank similarity is below the
 * other. Every cut is a quantile of the calibration scores.
 */
public final class UnsureCalibration {
    private UnsureCalibration() {}

    /** The two cuts, and the share of calibration inputs the pair flags. */
    public static final class Cuts {
        public final float confidence;
        public final float similarity;
        final double flaggedShare;
        final String confidenceWhy;
        final String similarityWhy;

        Cuts(float confidence, String confidenceWhy, float similarity, String similarityWhy, double flaggedShare) {
            this.confidence = confidence;
            this.similarity = similarity;
            this.flaggedShare = flaggedShare;
            this.confidenceWhy = confidenceWhy;
            this.similarityWhy = similarityWhy;
        }
    }

    /** The value below which {@code share} of {@code scores} fall (flags floor(share · n) of them). */
    static float lowerQuantile(float[] scores, double share) {
        if (share <= 0) return Float.NEGATIVE_INFINITY;
        float[] s = scores.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.floor(share * s.length))];
    }

    /**
     * Budget split (handwriting): the confidence cut flags {@code confidenceShare} of the calibration inputs, then
     * the similarity cut flags further inputs until the union flags {@code budget}. The split was fixed before any
     * unknown was scored (half each): a sweep on design data showed any split gives about the same.
     */
    public static Cuts split(float[] msp, float[] sim, double confidenceShare, double budget, String calibrationSet) {
        float c = Math.max(0f, lowerQuantile(msp, confidenceShare));
        int n = msp.length, byConfidence = 0;
        float[] rest = new float[n];
        int r = 0;
        for (int i = 0; i < n; i++) {
            if (msp[i] < c) byConfidence++;
            else rest[r++] = sim[i];
        }
        int more = (int) Math.floor(budget * n) - byConfidence;
        float s = more <= 0 ? -1f : lowerQuantile(Arrays.copyOf(rest, r), more / (double) r);
        int flagged = 0;
        for (int i = 0; i < n; i++) if (msp[i] < c || sim[i] < s) flagged++;
        return new Cuts(c, String.format(Locale.ROOT, "the top probability below which %.1f %% of %s (%d inputs) fall", 100 * confidenceShare, calibrationSet, n),
                s, String.format(Locale.ROOT, "with %s flags %d of %d = %.2f %% of %s (budget %.1f %%)",
                        ConfidenceThreshold.KEY_VALUE, flagged, n, 100.0 * flagged / n, calibrationSet, 100 * budget), flagged / (double) n);
    }

    /**
     * Kept confidence cut (plant: issue 6's "99 % of answers right" threshold stays the product's promise), and a
     * similarity cut that on its own flags {@code budget} of the calibration inputs.
     */
    static Cuts keepConfidence(float confidence, String confidenceWhy, float[] msp, float[] sim, double budget, String calibrationSet) {
        float s = lowerQuantile(sim, budget);
        int n = msp.length, alone = 0, flagged = 0;
        for (int i = 0; i < n; i++) {
            if (sim[i] < s) alone++;
            if (msp[i] < confidence || sim[i] < s) flagged++;
        }
        return new Cuts(confidence, confidenceWhy, s, String.format(Locale.ROOT,
                "flags %d of %d = %.2f %% of %s on its own (budget %.1f %%); with %s both flag %.2f %%", alone, n, 100.0 * alone / n, calibrationSet,
                100 * budget, ConfidenceThreshold.KEY_VALUE, 100.0 * flagged / n), flagged / (double) n);
    }
}

package org.localexpert.core.eval;

/**
 * Reliability bins and the expected calibration error (ECE, Guo et al. 2017): predictions are
 * grouped by confidence (the top-class probability) into equal-width bins (lo, hi]; ECE is the
 * sample-weighted mean of |accuracy − mean confidence| over the bins. 0 means "when the model says
 * 90 %, it is right 90 % of the time"; the app's "unsure" threshold relies on that.
 */
public final class Calibration {
    /** The usual number of bins in the literature; {@link Evaluation} uses it. */
    public static final int DEFAULT_BINS = 15;

    private final long[] count;
    private final long[] correct;
    private final double[] confidenceSum;

    public Calibration(int bins) {
        if (bins < 1) throw new IllegalArgumentException("need at least one bin, got " + bins);
        count = new long[bins];
        correct = new long[bins];
        confidenceSum = new double[bins];
    }

    /** Records one prediction with top-class probability {@code confidence} in [0, 1]. */
    public void add(double confidence, boolean wasCorrect) {
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be a probability in [0, 1], got " + confidence
                    + " (were logits passed instead of probabilities?)");
        }
        int b = bin(confidence);
        count[b]++;
        if (wasCorrect) correct[b]++;
        confidenceSum[b] += confidence;
    }

    /** Bin of a confidence: bins are (lo, hi], with 0 itself in the first bin. */
    int bin(double confidence) {
        int b = (int) Math.ceil(confidence * count.length) - 1;
        return Math.max(0, Math.min(count.length - 1, b));
    }

    public int bins() {
        return count.length;
    }

    public long count(int bin) {
        return count[bin];
    }

    /** Accuracy of the predictions in this bin (0 if empty). */
    public double accuracy(int bin) {
        return count[bin] == 0 ? 0 : (double) correct[bin] / count[bin];
    }

    /** Mean confidence of the predictions in this bin (0 if empty). */
    public double meanConfidence(int bin) {
        return count[bin] == 0 ? 0 : confidenceSum[bin] / count[bin];
    }

    public double expectedCalibrationError() {
        long n = 0;
        for (long c : count) n += c;
        if (n == 0) return 0;
        double ece = 0;
        for (int b = 0; b < count.length; b++) {
            if (count[b] == 0) continue;
            ece += (double) count[b] / n * Math.abs(accuracy(b) - meanConfidence(b));
        }
        return ece;
    }
}

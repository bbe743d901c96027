package org.localexpert.core.train;

import java.util.Locale;

/**
 * A snapshot of a running training, passed to {@link TrainingListener#onStep} after every
 * mini-batch. Loss and accuracy are running means over the current epoch's batches so far.
 */
public final class Progress {
    private final int epoch;
    private final int epochs;
    private final int step;
    private final int stepsPerEpoch;
    private final long globalStep;
    private final long totalSteps;
    private final double loss;
    private final double accuracy;
    private final double samplesPerSecond;
    private final double etaSeconds;
    private final double learningRate;

    public Progress(int epoch, int epochs, int step, int stepsPerEpoch, long globalStep, long totalSteps,
                    double loss, double accuracy, double samplesPerSecond, double etaSeconds, double learningRate) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.step = step;
        this.stepsPerEpoch = stepsPerEpoch;
        this.globalStep = globalStep;
        this.totalSteps = totalSteps;
        this.loss = loss;
        this.accuracy = accuracy;
        this.samplesPerSecond = samplesPerSecond;
        this.etaSeconds = etaSeconds;
        this.learningRate = learningRate;
    }

    /** 1-based epoch. */
    public int epoch() {
        return epoch;
    }

    public int epochs() {
        return epochs;
    }

    /** 1-based step within the epoch. */
    public int step() {
        return step;
    }

    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** Steps done in the whole run (resumed runs count the steps before the interruption). */
    public long globalStep() {
        return globalStep;
    }

    public long totalSteps() {
        return totalSteps;
    }

    /** Share of the planned steps done, in [0, 1]; early stopping may end the run before 1. */
    public double fraction() {
        return totalSteps == 0 ? 1 : (double) globalStep / totalSteps;
    }

    public double loss() {
        return loss;
    }

    /** Training accuracy (on augmented batches, in training mode) in [0, 1]. */
    public double accuracy() {
        return accuracy;
    }

    /** Training throughput since this run (or resume) started, forward + backward + update. */
    public double samplesPerSecond() {
        return samplesPerSecond;
    }

    /** Estimated seconds until the planned last step (ignores validation passes and early stopping). */
    public double etaSeconds() {
        return etaSeconds;
    }

    public double learningRate() {
        return learningRate;
    }

    /** One line for a console, e.g. "epoch 3/12 step 420/1719 loss 0.0412 acc 98.71 % 1830 samples/s ETA 14m05s". */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "epoch %d/%d step %d/%d loss %.4f acc %.2f %% lr %.2g %.0f samples/s ETA %s",
                epoch, epochs, step, stepsPerEpoch, loss, 100 * accuracy, learningRate, samplesPerSecond,
                formatDuration(etaSeconds));
    }

    /** "1h02m", "14m05s", "42s". */
    public static String formatDuration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) return "?";
        long s = Math.round(seconds);
        if (s >= 3600) return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        if (s >= 60) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return s + "s";
    }
}

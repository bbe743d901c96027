package org.localexpert.core.train;

import java.util.Locale;
import org.localexpert.core.eval.Evaluation;

/** What one finished epoch achieved, passed to {@link TrainingListener#onEpochEnd}. */
public final class EpochSummary {
    private final int epoch;
    private final double trainLoss;
    private final double trainAccuracy;
    private final Evaluation validation;
    private final boolean best;
    private final double seconds;

    public EpochSummary(int epoch, double trainLoss, double trainAccuracy, Evaluation validation, boolean best, double seconds) {
        this.epoch = epoch;
        this.trainLoss = trainLoss;
        this.trainAccuracy = trainAccuracy;
        this.validation = validation;
        this.best = best;
        this.seconds = seconds;
    }

    /** 1-based. */
    public int epoch() {
        return epoch;
    }

    /** Mean training loss over the epoch's batches (with augmentation, dropout, class weights). */
    public double trainLoss() {
        return trainLoss;
    }

    public double trainAccuracy() {
        return trainAccuracy;
    }

    /** The validation evaluation after this epoch, or null without a validation set. */
    public Evaluation validation() {
        return validation;
    }

    /** True when this epoch's weights are the best so far on validation (kept for restoring). */
    public boolean best() {
        return best;
    }

    /** Wall time of the epoch including validation; for a resumed epoch only the part after the resume. */
    public double seconds() {
        return seconds;
    }

    @Override
    public String toString() {
        String s = String.format(Locale.ROOT, "epoch %d: train loss %.4f acc %.2f %%", epoch, trainLoss, 100 * trainAccuracy);
        if (validation != null) {
            s += String.format(Locale.ROOT, " | validation loss %.4f acc %.2f %%%s", validation.logLoss(),
                    100 * validation.accuracy(), best ? " (best)" : "");
        }
        return s + String.format(Locale.ROOT, " | %s", Progress.formatDuration(seconds));
    }
}

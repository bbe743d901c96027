package org.localexpert.core.train;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.localexpert.core.eval.Evaluation;

/** How a {@link Trainer#train} run ended, with its history and throughput. */
public final class TrainingResult {
    /** Why training stopped. */
    public enum Stop {
        /** All planned epochs ran. */
        COMPLETED,
        /** Validation accuracy stopped improving for {@code patience} epochs. */
        EARLY_STOPPED,
        /** The cancellation token was set; a checkpoint was written when one is configured. */
        CANCELLED,
        /** The loss or a gradient became NaN or infinite; the weights are the last good ones. */
        NON_FINITE
    }

    private final Stop stop;
    private final String message;
    private final List<EpochSummary> history;
    private final int epochsCompleted;
    private final int bestEpoch;
    private final Evaluation bestValidation;
    private final long steps;
    private final long samples;
    private final double seconds;

    public TrainingResult(Stop stop, String message, List<EpochSummary> history, int epochsCompleted, int bestEpoch,
                          Evaluation bestValidation, long steps, long samples, double seconds) {
        this.epochsCompleted = epochsCompleted;
        this.stop = stop;
        this.message = message;
        this.history = Collections.unmodifiableList(history);
        this.bestEpoch = bestEpoch;
        this.bestValidation = bestValidation;
        this.steps = steps;
        this.samples = samples;
        this.seconds = seconds;
    }

    public Stop stop() {
        return stop;
    }

    /** Why it stopped, in words (e.g. which step produced a non-finite loss). */
    public String message() {
        return message;
    }

    /** Epochs finished in this call (a resumed run lists only the epochs it finished itself). */
    public List<EpochSummary> history() {
        return history;
    }

    /** Total epochs finished, counting those before a resume. */
    public int epochsCompleted() {
        return epochsCompleted;
    }

    /** 1-based epoch whose weights the model holds after restoring the best, or 0 without validation. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Validation evaluation of the returned weights, or null without a validation set. */
    public Evaluation bestValidation() {
        return bestValidation;
    }

    /** Optimizer steps taken in this call. */
    public long steps() {
        return steps;
    }

    /** Training samples processed in this call (forward + backward). */
    public long samples() {
        return samples;
    }

    /** Wall time of this call, validation included. */
    public double seconds() {
        return seconds;
    }

    /** Training throughput of this call: samples / wall seconds (validation passes included in the time). */
    public double samplesPerSecond() {
        return seconds == 0 ? 0 : samples / seconds;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s after %d epochs (%s, %.0f samples/s)%s", stop, epochsCompleted,
                Progress.formatDuration(seconds), samplesPerSecond(), message == null ? "" : ": " + message);
    }
}

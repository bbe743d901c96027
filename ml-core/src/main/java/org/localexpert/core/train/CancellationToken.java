package org.localexpert.core.train;

/**
 * Asks a running {@link Trainer} to stop. The trainer checks it before every mini-batch, so it stops
 * within one batch: it finishes nothing more, writes a checkpoint when one is configured (so the run
 * can be resumed) and returns with {@link TrainingResult.Stop#CANCELLED}. Thread-safe: typically
 * cancelled from a UI thread, a WorkManager stop callback or a shutdown hook.
 */
public final class CancellationToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}

package org.localexpert.core.train;

/**
 * Receives a running training's progress: the CLI prints it, the app forwards it to a progress bar
 * and a notification. Called on the training thread; keep it quick (throttle printing yourself).
 */
public interface TrainingListener {
    /** After every mini-batch. */
    default void onStep(Progress progress) {}

    /** After every epoch, once validation (if any) is done. */
    default void onEpochEnd(EpochSummary summary) {}

    /** Notable events in words: resumed from a checkpoint, stopped early, non-finite loss. */
    default void onMessage(String message) {}

    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() {};
}

package org.localexpert.app.data;

/** Where "Train my model" is for one domain. */
public final class TrainingStatus {
    public enum State { IDLE, ENQUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    public State state = State.IDLE;
    /** 0..1. */
    public float progress;
    /** What is happening, or why it failed. */
    public String message;
    /** The installed model after SUCCEEDED, else null. */
    public ModelInfo result;

    public TrainingStatus() {}

    public TrainingStatus(State state, float progress, String message, ModelInfo result) {
        this.state = state;
        this.progress = progress;
        this.message = message;
        this.result = result;
    }

    @Override
    public String toString() {
        return state + " " + Math.round(progress * 100) + "%" + (message == null ? "" : " " + message);
    }
}

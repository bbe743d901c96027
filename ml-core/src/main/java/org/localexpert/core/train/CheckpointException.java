package org.localexpert.core.train;

/** A checkpoint could not be read (damaged, half-written, not a checkpoint) or does not fit the run. */
public final class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}

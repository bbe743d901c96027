package org.localexpert.core.tflite;

/**
 * A {@code .tflite} file that cannot be used: not a TensorFlow Lite flatbuffer, truncated, damaged,
 * hostile, or beyond the limits in {@link TfliteLimits}. The message names what is wrong and where
 * (e.g. "subgraph 0 tensor 12: buffer index 99 out of range (41 buffers)"), so a user or a test can
 * act on it without a stack trace.
 */
public class TfliteFormatException extends Exception {
    public TfliteFormatException(String message) {
        super(message);
    }

    public TfliteFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

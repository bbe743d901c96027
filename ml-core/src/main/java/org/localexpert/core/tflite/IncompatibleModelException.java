package org.localexpert.core.tflite;

/**
 * A well-formed model that must not be used here, e.g. a personal model trained against another
 * global expert than the one installed. The message says why and what to do.
 */
public class IncompatibleModelException extends Exception {
    public IncompatibleModelException(String message) {
        super(message);
    }
}

package org.localexpert.core.store;

/**
 * The {@link ModelVerifier} refused a model, so nothing was written and the active model did not
 * change. The message says why (the verifier's own message); the cause is the verifier's exception.
 */
public final class ModelRejectedException extends Exception {
    public ModelRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}

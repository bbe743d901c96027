package org.localexpert.core.store;

/**
 * Decides whether model bytes may become a user's active model. {@link ModelStore} calls it on the
 * exact bytes it is about to store, before anything is written, and again before it re-activates an
 * older version (the installed global expert may have changed since).
 *
 * <p>The app's verifier loads the model in the interpreter, runs {@code PersonalModelCheck.verify}
 * (format, runnable graph, GPU-delegate compatibility, trained against the installed GE's hash) and
 * evaluates it on held-out samples. Throwing any exception rejects the model; its message becomes
 * the user-facing reason, so make it specific.
 */
public interface ModelVerifier {

    void verify(byte[] model) throws Exception;

    /** Accepts everything: for tests of the store itself, never for user models. */
    ModelVerifier ACCEPT_ALL = model -> { };
}

package org.localexpert.core.moe;

/**
 * The user's samples cannot be used for personalization (empty, one class, too few samples per
 * class, labels that do not fit). The message says what is wrong and how to fix it, in one line.
 */
public final class PersonalizationException extends RuntimeException {
    public PersonalizationException(String message) {
        super(message);
    }
}

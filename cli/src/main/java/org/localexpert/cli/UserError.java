package org.localexpert.cli;

/**
 * A mistake in what the user asked for (a missing file, a bad flag, data that cannot be used).
 * The message must say what is wrong and how to fix it, in one line.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}

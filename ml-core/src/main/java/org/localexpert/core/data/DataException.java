package org.localexpert.core.data;

/**
 * Data that cannot be used as asked: an empty folder, a single class, an unreadable image, a
 * label file that does not match its images. The message is one line that says what is wrong,
 * names the file or folder, and where possible how to fix it — the CLI prints it as it is.
 */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.localexpert.app.ui.handwriting;

/** A one-line outcome of a background action on the handwriting screens: a sample saved, or an error to show. */
public final class Notice {
    /** The label a sample was saved with; null for an error. */
    public final String savedLabel;
    /** The error's user-readable message; null when saved. */
    public final String error;
    /** True when the error is the model failing to answer (not a sample failing to save). */
    public final boolean predictionFailed;

    private Notice(String savedLabel, String error, boolean predictionFailed) {
        this.savedLabel = savedLabel;
        this.error = error;
        this.predictionFailed = predictionFailed;
    }

    static Notice saved(String label) {
        return new Notice(label, null, false);
    }

    static Notice error(String message) {
        return new Notice(null, message == null ? "unknown error" : message, false);
    }

    static Notice predictionFailed(String message) {
        return new Notice(null, message == null ? "unknown error" : message, true);
    }
}

package org.localexpert.app.ui.handwriting;

import android.content.Context;

import androidx.annotation.StringRes;

import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.text.Failure;
import org.localexpert.app.text.LabelText;

/** A one-line outcome of an action on the handwriting screens: a sample saved, a hint, or a failure. */
public final class Notice {
    /** The label a sample was saved with; null otherwise. */
    public final String savedLabel;
    /** A hint to show as it is (e.g. "Write a character first."); 0 otherwise. */
    @StringRes
    public final int hint;
    /** What failed and why; null otherwise. */
    public final Failure failure;

    private Notice(String savedLabel, @StringRes int hint, Failure failure) {
        this.savedLabel = savedLabel;
        this.hint = hint;
        this.failure = failure;
    }

    static Notice saved(String label) {
        return new Notice(label, 0, null);
    }

    static Notice hint(@StringRes int hint) {
        return new Notice(null, hint, null);
    }

    static Notice failed(@StringRes int what, Throwable cause) {
        return new Notice(null, 0, new Failure(what, cause));
    }

    /** The notice in the user's language. */
    public String text(Context c) {
        if (failure != null) return failure.text(c);
        if (hint != 0) return c.getString(hint);
        return c.getString(R.string.hand_saved_as, LabelText.of(c, Domain.HANDWRITING, savedLabel));
    }
}

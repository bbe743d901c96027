package org.localexpert.app.text;

import android.content.Context;
import android.database.sqlite.SQLiteException;

import androidx.annotation.StringRes;

import org.localexpert.app.R;
import org.localexpert.app.data.Labels;
import org.localexpert.core.data.DataException;
import org.localexpert.core.moe.PersonalizationException;
import org.localexpert.core.store.ModelRejectedException;
import org.localexpert.core.tflite.IncompatibleModelException;
import org.localexpert.core.tflite.TfliteFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An action that failed, as the user is told it: what could not be done, then what to do about it. The advice
 * comes from the kind of cause (out of memory, storage, an unreadable picture, the personal model, ...), never
 * from the exception's own message, which is English, technical, and may hold file paths or class names.
 * View models hold a Failure; the screen puts it into words with {@link #text}.
 */
public final class Failure {
    /** What could not be done: a string with one {@code %1$s}, where the advice goes. */
    @StringRes
    public final int what;
    public final Throwable cause;

    public Failure(@StringRes int what, Throwable cause) {
        this.what = what;
        this.cause = cause;
    }

    /** e.g. "The leaf could not be diagnosed. The phone ran out of memory. Close other apps and try again." */
    public String text(Context c) {
        return c.getString(what, advice(c, cause));
    }

    /** What to do, for the first cause in the chain whose kind is known; "try again" otherwise. */
    public static String advice(Context c, Throwable cause) {
        int depth = 0;
        for (Throwable t = cause; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof Labels.Refused) return refusal(c, (Labels.Refused) t);
            int res = adviceFor(t);
            if (res != 0) return c.getString(res);
        }
        return c.getString(R.string.failure_retry);
    }

    @StringRes
    private static int adviceFor(Throwable t) {
        if (t instanceof OutOfMemoryError) return R.string.failure_memory;
        if (t instanceof LinkageError) return R.string.failure_engine;
        if (t instanceof IncompatibleModelException || t instanceof TfliteFormatException || t instanceof ModelRejectedException) {
            return R.string.failure_model;
        }
        if (t instanceof PersonalizationException) return R.string.failure_samples;
        if (t instanceof DataException) return R.string.failure_picture;
        if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof SQLiteException) return R.string.failure_storage;
        return 0;
    }

    private static String refusal(Context c, Labels.Refused r) {
        switch (r.reason) {
            case EMPTY: return c.getString(R.string.failure_label_empty);
            case TOO_LONG: return c.getString(R.string.failure_label_too_long, Labels.MAX_LENGTH);
            default: return c.getString(R.string.failure_label_characters);
        }
    }
}

package org.localexpert.app.ui.common;

import android.content.Context;

import java.text.DateFormat;
import java.util.Date;
import java.util.Locale;

import org.localexpert.app.R;
import org.localexpert.app.data.ModelInfo;

/** How a model is named on screen: whose it is, its version and date, and how well it did on the user's held-out samples. */
public final class ModelText {
    private ModelText() {
    }

    /**
     * e.g. "Your model v3 of 24 Nov 2026 · 97.5 % right on your test examples (built-in model: 91.0 %)", or
     * "Built-in model · not tested on your examples yet".
     */
    public static String describe(Context c, ModelInfo m) {
        String head = m.personal
                ? c.getString(R.string.common_model_personal, m.version, date(m.created))
                : c.getString(R.string.common_model_shipped);
        String accuracy;
        if (Float.isNaN(m.accuracyAfter)) {
            accuracy = c.getString(R.string.common_model_no_accuracy);
        } else if (Float.isNaN(m.accuracyBefore)) {
            accuracy = c.getString(R.string.common_model_accuracy, percent(m.accuracyAfter));
        } else {
            accuracy = c.getString(R.string.common_model_accuracy_vs_shipped, percent(m.accuracyAfter), percent(m.accuracyBefore));
        }
        return c.getString(R.string.common_model_line, head, accuracy);
    }

    /** A date as the user's locale writes it, e.g. "24 Nov 2026". */
    public static String date(long millis) {
        return DateFormat.getDateInstance(DateFormat.MEDIUM).format(new Date(millis));
    }

    /** A share in [0, 1] as "97.5 %". */
    public static String percent(float share) {
        return percent(share, 1);
    }

    /** A share in [0, 1] as a percentage with {@code decimals} decimals, in the user's digits ("92 %", "९२ %"). */
    public static String percent(float share, int decimals) {
        return String.format(Locale.getDefault(), "%." + decimals + "f\u00A0%%", 100f * share); // no line break inside "95.0 %"
    }
}

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
     * e.g. "Your model v3 of 24 Nov 2026 · 97.5 % on your held-out samples (shipped model: 91.0 %)", or
     * "Shipped model (GE) · not measured on your samples yet".
     */
    public static String describe(Context c, ModelInfo m) {
        String head = m.personal
                ? c.getString(R.string.common_model_personal, m.version, date(m.created))
                : c.getString(R.string.common_model_shipped);
        if (Float.isNaN(m.accuracyAfter)) return head + " · " + c.getString(R.string.common_model_no_accuracy);
        String after = percent(m.accuracyAfter);
        if (Float.isNaN(m.accuracyBefore)) return head + " · " + c.getString(R.string.common_model_accuracy, after);
        return head + " · " + c.getString(R.string.common_model_accuracy_vs_shipped, after, percent(m.accuracyBefore));
    }

    /** A date as the user's locale writes it, e.g. "24 Nov 2026". */
    public static String date(long millis) {
        return DateFormat.getDateInstance(DateFormat.MEDIUM).format(new Date(millis));
    }

    /** A share in [0, 1] as "97.5 %". */
    public static String percent(float share) {
        return String.format(Locale.getDefault(), "%.1f\u00A0%%", 100f * share); // no line break inside "95.0 %"
    }
}

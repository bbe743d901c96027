package org.localexpert.app.ui.settings;

import android.content.Context;
import android.content.SharedPreferences;

/**
 * The app's few user settings, in one private SharedPreferences file; any screen may read them. The app's container
 * loads the file off the main thread at start (RealContainer), so that a screen's read is served from memory.
 */
public final class Settings {
    public static final String FILE = "localexpert_settings";
    /** Whether prediction screens show what ran the model and how long it took. */
    public static final String SHOW_BACKEND = "show_backend";

    private Settings() {
    }

    public static SharedPreferences preferences(Context c) {
        return c.getApplicationContext().getSharedPreferences(FILE, Context.MODE_PRIVATE);
    }

    public static boolean showBackend(Context c) {
        return preferences(c).getBoolean(SHOW_BACKEND, false);
    }

    public static void setShowBackend(Context c, boolean show) {
        preferences(c).edit().putBoolean(SHOW_BACKEND, show).apply();
    }
}

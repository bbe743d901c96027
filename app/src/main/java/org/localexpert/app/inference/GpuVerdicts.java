package org.localexpert.app.inference;

import android.content.Context;
import android.content.SharedPreferences;

/**
 * {@link GoldenGpuCheck}'s verdicts in a private SharedPreferences file: one short string per model file checked (a
 * handful over the app's life), kept across restarts so the check runs once per file. Cleared with the app's data.
 */
public final class GpuVerdicts implements GoldenGpuCheck.Verdicts {
    static final String FILE = "localexpert_gpu_check";
    private final SharedPreferences prefs;

    public GpuVerdicts(Context context) {
        this.prefs = context.getSharedPreferences(FILE, Context.MODE_PRIVATE);
    }

    @Override
    public String get(String modelSha256) {
        return prefs.getString(modelSha256, null);
    }

    @Override
    public void put(String modelSha256, String verdict) {
        prefs.edit().putString(modelSha256, verdict).apply();
    }
}

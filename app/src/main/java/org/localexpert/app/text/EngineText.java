package org.localexpert.app.text;

import android.content.Context;

import androidx.annotation.StringRes;

import org.localexpert.app.R;
import org.localexpert.app.inference.GoldenGpuCheck;

/**
 * What runs a model, in plain words. The engines name themselves for developers ("CPU XNNPACK 2 threads (GPU
 * delegate not in this APK)", "Java engine (TensorFlow Lite did not load: …)"); screens show only the kind —
 * graphics chip, processor, or the app's own slower engine — and Settings adds the engine's own words as a
 * technical detail.
 */
public final class EngineText {
    /** How {@code TfliteEngine}, the Java engine fallback and {@code InferenceThread} begin their names. */
    static final String GPU = "GPU", CPU = "CPU", JAVA = "Java engine", NOT_LOADED = "not loaded";

    private EngineText() {
    }

    /** e.g. "Processor (CPU)". */
    public static String of(Context c, String backend) {
        return c.getString(kind(backend));
    }

    /** True when the app runs its own engine because TensorFlow Lite could not (Settings says why that is slower). */
    public static boolean isFallback(String backend) {
        return backend != null && backend.startsWith(JAVA);
    }

    /** True when the GPU answered the golden inputs differently from the CPU and the CPU runs the model (Settings says so). */
    public static boolean isGpuMismatch(String backend) {
        return backend != null && backend.contains(GoldenGpuCheck.MISMATCH);
    }

    @StringRes
    static int kind(String backend) {
        if (backend == null || backend.startsWith(NOT_LOADED)) return R.string.engine_not_loaded;
        if (backend.startsWith(GPU)) return R.string.engine_gpu;
        if (backend.startsWith(CPU)) return R.string.engine_cpu;
        if (backend.startsWith(JAVA)) return R.string.engine_java;
        return R.string.engine_other;
    }
}

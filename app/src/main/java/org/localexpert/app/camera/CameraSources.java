package org.localexpert.app.camera;

import android.content.Context;

import java.util.function.Function;

/**
 * Where screens get their camera: the platform camera by default; tests install a fake with
 * {@link #set} (the same pattern as {@code AppContainer.set}).
 */
public final class CameraSources {
    private static volatile Function<Context, CameraSource> factory = Camera2CameraSource::new;

    private CameraSources() {
    }

    public static CameraSource create(Context context) {
        return factory.apply(context);
    }

    /** Replaces the factory; null restores the platform camera. */
    public static void set(Function<Context, CameraSource> f) {
        factory = f == null ? Camera2CameraSource::new : f;
    }
}

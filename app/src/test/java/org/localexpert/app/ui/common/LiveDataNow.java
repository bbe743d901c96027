package org.localexpert.app.ui.common;

import static org.robolectric.Shadows.shadowOf;

import android.os.Looper;

import androidx.lifecycle.LiveData;

/**
 * For view-model tests with a direct executor: what a LiveData holds once the main looper has run everything posted
 * to it (Robolectric's paused looper runs only when asked).
 */
public final class LiveDataNow {
    private LiveDataNow() {
    }

    public static <T> T now(LiveData<T> data) {
        shadowOf(Looper.getMainLooper()).idle();
        return data.getValue();
    }
}

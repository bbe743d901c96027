package org.localexpert.app.ui.common;

import static org.robolectric.Shadows.shadowOf;

import android.os.Looper;

import java.util.function.BooleanSupplier;

/**
 * Waiting for a screen to settle in Robolectric tests. Repositories run on the container's background
 * executor (a real thread) and post their results to the main looper, which Robolectric only runs
 * when asked: so run the main looper, check, sleep a little, repeat.
 */
public final class UiWait {
    private UiWait() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, 20_000);
    }

    public static void until(String what, BooleanSupplier condition, long timeoutMillis) {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            shadowOf(Looper.getMainLooper()).idle();
            if (condition.getAsBoolean()) return;
            if (System.currentTimeMillis() > end) throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for: " + what);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what);
            }
        }
    }
}

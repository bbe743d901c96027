package org.localexpert.app.ui.common;

import static org.robolectric.Shadows.shadowOf;

import android.os.Build;
import android.os.Looper;
import android.os.StrictMode;
import android.os.strictmode.Violation;

import java.util.ArrayList;
import java.util.List;

/**
 * StrictMode on the main thread while a screen runs: a disk read or write there fails the test when the guard closes,
 * with the first offending stack. Under Robolectric StrictMode sees what goes through the Android framework (SQLite,
 * SharedPreferences, a Context's folder checks) but not the JVM's own java.io: Room opened as the app opens it
 * ({@code TestPhone.forScreens}) refuses main-thread queries by itself, and file writes need a test of their own.
 * Use it around the screen:
 * <pre>
 *   try (MainThreadDiskGuard guard = MainThreadDiskGuard.start(); ActivityScenario&lt;...&gt; s = ...) { ... }
 * </pre>
 * Set up the test's data before it starts, and look at disk and database through {@code TestPhone.offMainThread}.
 * StrictMode's penalty listener is API 28+: on older SDKs the guard watches nothing (the API 34 run of a test does).
 */
public final class MainThreadDiskGuard implements AutoCloseable {
    private final List<Throwable> violations = new ArrayList<>();
    private final StrictMode.ThreadPolicy before;

    private MainThreadDiskGuard() {
        before = StrictMode.getThreadPolicy();
        if (Build.VERSION.SDK_INT >= 28) Api28.watch(violations);
    }

    /** Apart, so that older SDKs never load the API 28 listener types. */
    private static final class Api28 {
        static void watch(List<Throwable> violations) {
            StrictMode.setThreadPolicy(new StrictMode.ThreadPolicy.Builder().detectDiskReads().detectDiskWrites()
                    .penaltyListener(Runnable::run, (Violation v) -> {
                        synchronized (violations) {
                            violations.add(v);
                        }
                    }).build());
        }
    }

    /** Starts watching the main thread (the test's thread under Robolectric). */
    public static MainThreadDiskGuard start() {
        if (Looper.myLooper() != Looper.getMainLooper()) throw new IllegalStateException("start the guard on the main thread");
        return new MainThreadDiskGuard();
    }

    /** Stops watching; throws if the main thread touched the disk meanwhile. */
    @Override
    public void close() {
        shadowOf(Looper.getMainLooper()).idle(); // StrictMode reports a violation when the main looper's message ends
        StrictMode.setThreadPolicy(before);
        synchronized (violations) {
            if (violations.isEmpty()) return;
            AssertionError e = new AssertionError(violations.size() + " disk access(es) on the main thread, the first: "
                    + violations.get(0).getClass().getSimpleName(), violations.get(0));
            for (int i = 1; i < Math.min(violations.size(), 5); i++) e.addSuppressed(violations.get(i));
            throw e;
        }
    }
}

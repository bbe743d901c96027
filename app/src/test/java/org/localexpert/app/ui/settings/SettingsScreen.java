package org.localexpert.app.ui.settings;

import android.widget.TextView;

import androidx.test.core.app.ActivityScenario;

import java.util.concurrent.atomic.AtomicReference;

import org.localexpert.app.MainActivity;
import org.localexpert.app.R;
import org.localexpert.app.ui.common.UiWait;

/** The Settings screen in a test's activity: shown in Home's place, and its engine lines once listed in the background. */
public final class SettingsScreen {
    private SettingsScreen() {
    }

    public static void show(ActivityScenario<MainActivity> scenario) {
        scenario.onActivity(a -> a.getSupportFragmentManager().beginTransaction()
                .replace(R.id.main_container, new SettingsFragment()).commitNow());
    }

    /** The engine lines (or the failure said in their place), waiting until the background work has posted them. */
    public static String engineLines(ActivityScenario<MainActivity> scenario) {
        AtomicReference<String> lines = new AtomicReference<>("");
        UiWait.until("the engine lines", () -> {
            scenario.onActivity(a -> lines.set(((TextView) a.findViewById(R.id.settings_backends)).getText().toString()));
            return !lines.get().isEmpty();
        });
        return lines.get();
    }
}

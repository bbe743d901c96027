package org.localexpert.app.ui.settings;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import android.content.Context;
import android.view.View;
import android.widget.TextView;

import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.MainActivity;
import org.localexpert.app.R;
import org.localexpert.app.fake.FakeAppContainer;
import org.robolectric.annotation.Config;

/** Settings: the "show backend and latency" switch persists under {@code show_backend}; each domain's backend is listed. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
public class SettingsFragmentTest {
    private FakeAppContainer fakes;

    @Before
    public void install() {
        fakes = FakeAppContainer.install();
    }

    @After
    public void forget() {
        FakeAppContainer.uninstall();
    }

    @Test
    public void theSwitchIsStoredAndTheBackendsAreShown() {
        Context c = ApplicationProvider.getApplicationContext();
        assertFalse("off by default", Settings.showBackend(c));
        try (ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
            SettingsScreen.show(scenario);
            onView(withId(R.id.settings_show_backend)).perform(click());
            assertTrue(Settings.showBackend(c));
            assertTrue(c.getSharedPreferences(Settings.FILE, Context.MODE_PRIVATE).getBoolean("show_backend", false));
            assertEquals("plain words", "Handwriting: Another engine\nLeaf photos: Another engine", SettingsScreen.engineLines(scenario));
            AtomicReference<String> details = new AtomicReference<>("");
            scenario.onActivity(a -> details.set(((TextView) a.findViewById(R.id.settings_backend_details)).getText().toString()));
            assertEquals("the engines' own names, for support", "Technical details: Fake predictor (tests)\nFake predictor (tests)", details.get());
            onView(withId(R.id.settings_show_backend)).perform(click());
            assertFalse(Settings.showBackend(c));
        }
    }

    @Test
    public void aModelThatCannotBeOpenedIsSaidInWordsWithoutTechnicalLines() {
        fakes.predictor.backendFailure = new UncheckedIOException(new IOException("disk read error"));
        Context c = ApplicationProvider.getApplicationContext();
        try (ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
            SettingsScreen.show(scenario);
            assertEquals(c.getString(R.string.settings_failed, c.getString(R.string.failure_storage)), SettingsScreen.engineLines(scenario));
            AtomicReference<Integer> technical = new AtomicReference<>();
            scenario.onActivity(a -> technical.set(a.findViewById(R.id.settings_backend_details).getVisibility()));
            assertEquals("no engine names to show", View.GONE, (int) technical.get());
        }
    }
}

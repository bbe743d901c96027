package org.localexpert.app.ui.plant;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import android.app.Activity;
import android.content.Intent;
import android.net.Uri;
import android.view.View;
import android.widget.TextView;

import androidx.fragment.app.Fragment;
import androidx.test.core.app.ActivityScenario;

import java.io.File;
import java.util.concurrent.atomic.AtomicReference;

import org.localexpert.app.MainActivity;
import org.localexpert.app.R;
import org.localexpert.app.ui.common.UiWait;
import org.robolectric.shadows.ShadowActivity;

/** Driving the diagnose screen in tests: open it, hand it a photo as the gallery would, wait for the answer. */
public final class DiagnoseScreen {
    private DiagnoseScreen() {
    }

    public static ActivityScenario<MainActivity> open() {
        ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class);
        scenario.onActivity(a -> a.getSupportFragmentManager().beginTransaction()
                .replace(R.id.main_container, new DiagnoseFragment()).commitNow());
        return scenario;
    }

    /** Taps "Choose photo" and answers the picker intent with {@code photo}, as the gallery would. */
    public static void pick(ActivityScenario<MainActivity> scenario, File photo) {
        onView(withId(R.id.plant_pick_photo)).perform(click());
        scenario.onActivity(a -> {
            ShadowActivity shadow = shadowOf(a);
            ShadowActivity.IntentForResult request = shadow.getNextStartedActivityForResult();
            assertNotNull("the gallery was asked for a photo", request);
            assertEquals(Intent.ACTION_GET_CONTENT, request.intent.getAction());
            assertEquals("image/*", request.intent.getType());
            shadow.receiveResult(request.intent, Activity.RESULT_OK, new Intent().setData(Uri.fromFile(photo)));
        });
    }

    /** Waits until the answer and its heat map (or why there is none) are shown; fails if an error is shown. */
    static Diagnosis awaitExplained(ActivityScenario<MainActivity> scenario) {
        AtomicReference<Diagnosis> d = new AtomicReference<>();
        UiWait.until("diagnosis with its heat map", () -> {
            scenario.onActivity(a -> {
                Fragment f = a.getSupportFragmentManager().findFragmentById(R.id.main_container);
                Diagnosis now = f instanceof DiagnoseFragment ? viewModel((DiagnoseFragment) f).diagnosis().getValue() : null;
                d.set(now != null && (now.heatmap != null || now.heatmapProblem != null) ? now : null);
            });
            return d.get() != null;
        }, 60_000);
        AtomicReference<String> error = new AtomicReference<>();
        scenario.onActivity(a -> {
            TextView e = a.findViewById(R.id.plant_error);
            error.set(e.getVisibility() == View.VISIBLE ? e.getText().toString() : "");
        });
        assertTrue("no error shown: " + error.get(), error.get().isEmpty());
        return d.get();
    }

    /** {@link #awaitExplained}, for tests outside this package. */
    public static void awaitAnswer(ActivityScenario<MainActivity> scenario) {
        awaitExplained(scenario);
    }

    static DiagnoseViewModel viewModel(DiagnoseFragment f) {
        return new androidx.lifecycle.ViewModelProvider(f).get(DiagnoseViewModel.class);
    }
}

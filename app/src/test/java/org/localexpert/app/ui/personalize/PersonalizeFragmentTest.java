package org.localexpert.app.ui.personalize;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.action.ViewActions.scrollTo;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import android.Manifest;
import android.app.Activity;
import android.content.pm.PackageManager;
import android.view.View;
import android.widget.LinearLayout;
import android.widget.ProgressBar;
import android.widget.TextView;

import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.MainActivity;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.fake.FakeAppContainer;
import org.localexpert.app.ui.Screenshots;
import org.localexpert.app.ui.common.UiWait;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.Shadows;
import org.robolectric.annotation.Config;
import org.robolectric.shadows.ShadowActivity;
import org.robolectric.annotation.GraphicsMode;

/**
 * Personalize: samples per class against the minimum, "Train my model" with progress and cancel
 * (statuses emitted by the fake training repository), the before/after chart, rollback and versions.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36, qualifiers = Screenshots.PHONE)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class PersonalizeFragmentTest {
    private static final String HW = Domain.HANDWRITING;
    private FakeAppContainer fakes;

    @Before
    public void installFakes() {
        fakes = FakeAppContainer.install();
        Shadows.shadowOf(RuntimeEnvironment.getApplication()).grantPermissions(Manifest.permission.POST_NOTIFICATIONS);
    }

    @Test
    public void trainAsksForTheNotificationPermissionOnceAndTrainsWhateverTheAnswer() {
        Shadows.shadowOf(RuntimeEnvironment.getApplication()).denyPermissions(Manifest.permission.POST_NOTIFICATIONS);
        seed("0", 5);
        seed("1", 5);
        try (ActivityScenario<MainActivity> scenario = openPersonalize()) {
            onView(withId(R.id.personalize_train)).perform(scrollTo(), click());
            AtomicReference<ShadowActivity.PermissionsRequest> asked = new AtomicReference<>();
            scenario.onActivity(a -> asked.set(Shadows.shadowOf((Activity) a).getLastRequestedPermission()));
            assertTrue("Train must ask for POST_NOTIFICATIONS on Android 13+", asked.get() != null
                    && java.util.Arrays.asList(asked.get().requestedPermissions).contains(Manifest.permission.POST_NOTIFICATIONS));
            assertEquals("no training before the answer", 0, fakes.training.starts);
            scenario.onActivity(a -> a.onRequestPermissionsResult(asked.get().requestCode, asked.get().requestedPermissions,
                    new int[] {PackageManager.PERMISSION_DENIED}));
            UiWait.until("training starts although notifications were refused", () -> fakes.training.starts == 1);
        }
    }

    @After
    public void forgetFakes() {
        FakeAppContainer.uninstall();
    }

    private void seed(String label, int n) {
        for (int i = 0; i < n; i++) fakes.samples.add(HW, label, new byte[] {1}, "canvas");
    }

    private static ActivityScenario<MainActivity> openPersonalize() {
        ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class);
        onView(withId(R.id.home_handwriting_personalize)).perform(click());
        UiWait.until("the counts", () -> childCount(scenario, R.id.personalize_counts) > 0);
        return scenario;
    }

    @Test
    public void trainShowsProgressCanBeCancelledAndEndsWithTheChartThenRollsBack() {
        seed("0", 5);
        seed("1", 6);
        try (ActivityScenario<MainActivity> scenario = openPersonalize()) {
            assertEquals("Your examples (at least 5 of each kind)", text(scenario, R.id.personalize_minimum));
            assertEquals("0 5 ✓", cell(scenario, 0));
            assertEquals("1 6 ✓", cell(scenario, 1));
            assertEquals("2 0 (5 more)", cell(scenario, 2));
            assertEquals("9 0 (5 more)", cell(scenario, 9)); // every digit is listed, in two lines of five
            assertEquals("Enough to train on 2 kinds.", text(scenario, R.id.personalize_verdict));
            assertTrue(view(scenario, R.id.personalize_train, View::isEnabled));

            onView(withId(R.id.personalize_train)).perform(scrollTo(), click());
            UiWait.until("enqueued", () -> text(scenario, R.id.personalize_state).equals("Waiting to start…"));
            assertEquals(1, fakes.training.starts);
            assertFalse(view(scenario, R.id.personalize_train, View::isEnabled));
            assertEquals(View.VISIBLE, (int) view(scenario, R.id.personalize_progress, View::getVisibility));

            fakes.training.progress(HW, 0.4f, "Looking at your examples…");
            UiWait.until("running", () -> text(scenario, R.id.personalize_state).equals("Training: 40 % · Looking at your examples…"));
            assertEquals(400, (int) view(scenario, R.id.personalize_progress, v -> ((ProgressBar) v).getProgress()));

            onView(withId(R.id.personalize_cancel)).perform(scrollTo(), click());
            UiWait.until("cancelled", () -> text(scenario, R.id.personalize_state).startsWith("Training cancelled"));
            assertEquals(1, fakes.training.cancels);
            assertEquals(View.GONE, (int) view(scenario, R.id.personalize_progress, View::getVisibility));
            assertTrue(view(scenario, R.id.personalize_train, View::isEnabled));

            onView(withId(R.id.personalize_train)).perform(scrollTo(), click());
            UiWait.until("enqueued again", () -> fakes.training.starts == 2);
            fakes.training.succeed(HW, 0.8f, 0.95f);
            UiWait.until("the result", () -> view(scenario, R.id.personalize_result_panel, View::getVisibility) == View.VISIBLE);
            assertEquals("v1 on your test examples: 80.0 % right before → 95.0 % after", text(scenario, R.id.personalize_result));
            assertEquals("0: 80 % → 95 %; 1: 80 % → 95 %",
                    view(scenario, R.id.personalize_chart, v -> ((AccuracyChartView) v).describe()).replace('\u00A0', ' '));
            UiWait.until("the new active model", () -> text(scenario, R.id.personalize_active).startsWith("Your model v1 of "));
            UiWait.until("two versions", () -> childCount(scenario, R.id.personalize_history) == 2);
            assertTrue(rowText(scenario, R.id.personalize_history, 0).startsWith("▶ Your model v1"));
            assertTrue(view(scenario, R.id.personalize_rollback, View::isEnabled));

            onView(withId(R.id.personalize_rollback)).perform(scrollTo(), click());
            UiWait.until("the built-in model again", () -> text(scenario, R.id.personalize_active).startsWith("Built-in model"));
            assertFalse(fakes.models.active(HW).personal);
            assertEquals(View.GONE, (int) view(scenario, R.id.personalize_result_panel, View::getVisibility));
            assertFalse(view(scenario, R.id.personalize_rollback, View::isEnabled));
            assertTrue(rowText(scenario, R.id.personalize_history, 1).startsWith("▶ Built-in model"));
        }
    }

    @Test
    public void aClassBelowTheMinimumBlocksTraining() {
        seed("0", 5);
        seed("1", 5);
        seed("2", 2);
        try (ActivityScenario<MainActivity> scenario = openPersonalize()) {
            assertEquals("2 2 (3 more)", cell(scenario, 2));
            assertEquals("Add examples of 2 to reach 5 each (or delete them in My data).", text(scenario, R.id.personalize_verdict));
            assertFalse(view(scenario, R.id.personalize_train, View::isEnabled));
        }
    }

    @Test
    public void aFailureSaysWhatToDo() {
        seed("0", 5);
        seed("1", 5);
        try (ActivityScenario<MainActivity> scenario = openPersonalize()) {
            // The worker reports what to do, in the user's language (see PersonalizeWorker.KEY_ERROR).
            fakes.training.fail(HW, ApplicationProvider.getApplicationContext().getString(R.string.failure_memory));
            UiWait.until("the failure", () -> text(scenario, R.id.personalize_state)
                    .equals("Training did not finish. The phone ran out of memory. Close other apps and try again."));
            assertTrue(view(scenario, R.id.personalize_train, View::isEnabled));
        }
    }

    static String text(ActivityScenario<MainActivity> scenario, int id) {
        return view(scenario, id, v -> ((TextView) v).getText().toString().replace('\u00A0', ' ')); // percentages keep their space unbroken
    }

    static int childCount(ActivityScenario<MainActivity> scenario, int id) {
        return view(scenario, id, v -> ((LinearLayout) v).getChildCount());
    }

    static String rowText(ActivityScenario<MainActivity> scenario, int id, int row) {
        return view(scenario, id, v -> ((TextView) ((LinearLayout) v).getChildAt(row)).getText().toString().replace('\u00A0', ' '));
    }

    /** The i-th class cell of the counts grid (label and count, on one line here). */
    static String cell(ActivityScenario<MainActivity> scenario, int i) {
        return view(scenario, R.id.personalize_counts, v -> {
            LinearLayout rows = (LinearLayout) v;
            int seen = 0;
            for (int r = 0; r < rows.getChildCount(); r++) {
                LinearLayout row = (LinearLayout) rows.getChildAt(r);
                for (int c = 0; c < row.getChildCount(); c++, seen++) {
                    if (seen == i) return ((TextView) row.getChildAt(c)).getText().toString().replace('\n', ' ');
                }
            }
            throw new AssertionError("no cell " + i + " (" + seen + " cells)");
        });
    }

    static <T> T view(ActivityScenario<MainActivity> scenario, int id, Function<View, T> read) {
        AtomicReference<T> out = new AtomicReference<>();
        scenario.onActivity(a -> {
            View v = a.findViewById(id);
            if (v == null) throw new AssertionError("no view " + a.getResources().getResourceEntryName(id) + " on screen");
            out.set(read.apply(v));
        });
        return out.get();
    }
}

package org.localexpert.app.ui.handwriting;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.action.ViewActions.replaceText;
import static androidx.test.espresso.matcher.ViewMatchers.isDescendantOfA;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static androidx.test.espresso.matcher.ViewMatchers.withText;
import static org.hamcrest.Matchers.allOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.localexpert.app.ui.handwriting.WriteFragmentTest.text;

import androidx.test.core.app.ActivityScenario;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.MainActivity;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.app.fake.FakeAppContainer;
import org.localexpert.app.ui.Screenshots;
import org.localexpert.app.ui.common.MainThreadDiskGuard;
import org.localexpert.app.ui.common.UiWait;
import org.localexpert.app.work.TestPhone;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;

/**
 * Handwriting — teach: the prompted character written several times is stored sample by sample (in
 * Room, on the real wiring); new labels can be added and bad names are refused with the reason.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36, qualifiers = Screenshots.PHONE)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class TeachFragmentTest {
    private FakeAppContainer fakes;

    @Before
    public void installFakes() {
        fakes = FakeAppContainer.install();
    }

    @After
    public void forgetFakes() {
        FakeAppContainer.uninstall();
    }

    private static ActivityScenario<MainActivity> openTeach() {
        ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class);
        onView(withId(R.id.home_teach)).perform(click());
        UiWait.until("the first prompt", () -> text(scenario, R.id.teach_prompt).equals("Write “0”"));
        return scenario;
    }

    @Test
    public void aHalfWrittenCharacterSurvivesARotation() {
        try (ActivityScenario<MainActivity> scenario = openTeach()) {
            onView(withId(R.id.teach_canvas)).perform(DrawStroke.through(0.3f, 0.2f, 0.3f, 0.8f));
            onView(withId(R.id.teach_canvas)).perform(DrawStroke.through(0.2f, 0.5f, 0.6f, 0.5f));
            scenario.recreate(); // what a rotation does: a new activity, fragment and views; the ViewModel stays
            scenario.onActivity(a -> assertEquals("both strokes are still on the new canvas", 2,
                    ((DrawingView) a.findViewById(R.id.teach_canvas)).strokes().size()));
            onView(withId(R.id.teach_undo)).perform(click());
            scenario.onActivity(a -> assertEquals(1, ((DrawingView) a.findViewById(R.id.teach_canvas)).strokes().size()));
            onView(withId(R.id.teach_save)).perform(click());
            UiWait.until("saved", () -> fakes.samples.list(Domain.HANDWRITING).size() == 1);
            scenario.onActivity(a -> assertTrue("the canvas is cleared after saving",
                    ((DrawingView) a.findViewById(R.id.teach_canvas)).isEmpty()));
        }
    }

    /** On the real wiring: the samples land in Room (rows) and in app-private files. */
    @Test
    public void eachWrittenCharacterIsStoredThenThePromptMovesOn() {
        try (TestPhone phone = TestPhone.forScreens("teach");
             MainThreadDiskGuard guard = MainThreadDiskGuard.start();
             ActivityScenario<MainActivity> scenario = openTeach()) {
            assertEquals("Writing 1 of 5 · 0 of this one saved so far", text(scenario, R.id.teach_progress));
            for (int i = 1; i <= TeachViewModel.REPEATS; i++) {
                onView(withId(R.id.teach_canvas)).perform(DrawStroke.through(0.3f, 0.3f, 0.7f, 0.3f, 0.7f, 0.7f, 0.3f, 0.7f, 0.3f, 0.3f));
                onView(withId(R.id.teach_save)).perform(click());
                int stored = i;
                UiWait.until(stored + " samples of 0", () -> phone.offMainThread(() -> phone.samples().list(Domain.HANDWRITING)).size() == stored);
            }
            UiWait.until("the next prompt", () -> text(scenario, R.id.teach_prompt).equals("Write “1”"));
            for (SampleRecord s : phone.offMainThread(() -> phone.samples().list(Domain.HANDWRITING))) {
                assertEquals("0", s.label);
                assertEquals("canvas", s.source);
                assertTrue(phone.offMainThread(() -> phone.samples().imageFile(s).length()) > 0);
            }
            assertEquals("Writing 1 of 5 · 0 of this one saved so far", text(scenario, R.id.teach_progress));

            // picking "0" again shows how many are stored already
            onView(allOf(withText("0"), isDescendantOfA(withId(R.id.teach_label_row)))).perform(click());
            assertEquals("Writing 1 of 5 · 5 of this one saved so far", text(scenario, R.id.teach_progress));
        }
    }

    @Test
    public void savingAnEmptyCanvasStoresNothing() {
        try (ActivityScenario<MainActivity> scenario = openTeach()) {
            onView(withId(R.id.teach_save)).perform(click());
            assertEquals("Write a character first.", text(scenario, R.id.teach_notice));
            assertEquals(0, fakes.samples.list(Domain.HANDWRITING).size());
        }
    }

    @Test
    public void aNewLabelIsPromptedAndABadNameIsRefusedWithTheRepositorysReason() {
        try (ActivityScenario<MainActivity> scenario = openTeach()) {
            onView(withId(R.id.teach_new_label)).perform(replaceText("a/b"));
            onView(withId(R.id.teach_add_label)).perform(click());
            UiWait.until("the refusal, with the rule", () -> text(scenario, R.id.teach_notice)
                    .equals("The character was not added. This name cannot be used. Use letters, numbers or a short word, without / or \\."));
            assertEquals("Write “0”", text(scenario, R.id.teach_prompt));

            onView(withId(R.id.teach_new_label)).perform(replaceText("A"));
            onView(withId(R.id.teach_add_label)).perform(click());
            UiWait.until("the new prompt", () -> text(scenario, R.id.teach_prompt).equals("Write “A”"));
            assertTrue(fakes.samples.labels(Domain.HANDWRITING).contains("A"));

            onView(withId(R.id.teach_canvas)).perform(DrawStroke.through(0.2f, 0.9f, 0.5f, 0.1f, 0.8f, 0.9f));
            onView(withId(R.id.teach_canvas)).perform(DrawStroke.through(0.33f, 0.55f, 0.67f, 0.55f));
            onView(withId(R.id.teach_save)).perform(click());
            UiWait.until("a sample of A", () -> count("A") == 1);
        }
    }

    private int count(String label) {
        Map<String, Integer> counts = fakes.samples.countsByLabel(Domain.HANDWRITING);
        return counts.getOrDefault(label, 0);
    }
}

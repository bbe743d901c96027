package org.localexpert.app.ui.handwriting;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.action.ViewActions.scrollTo;
import static androidx.test.espresso.matcher.ViewMatchers.isDescendantOfA;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static androidx.test.espresso.matcher.ViewMatchers.withText;
import static org.hamcrest.Matchers.allOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import android.graphics.Bitmap;
import android.graphics.BitmapFactory;
import android.view.View;
import android.widget.TextView;

import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.AppContainer;
import org.localexpert.app.MainActivity;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.app.fake.FakeAppContainer;
import org.localexpert.app.fake.FakePredictor;
import org.localexpert.app.inference.Predictor;
import org.localexpert.app.ui.Screenshots;
import org.localexpert.app.ui.common.MainThreadDiskGuard;
import org.localexpert.app.ui.common.UiWait;
import org.localexpert.app.ui.settings.Settings;
import org.localexpert.app.work.TestPhone;
import org.localexpert.core.data.HandwritingPreprocessor;
import org.localexpert.core.predict.Prediction;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;

/**
 * Handwriting — use: strokes drawn with MotionEvents are read by the real shipped model; a wrong
 * answer corrected with one tap is stored as a sample. The other cases use the fake predictor, whose
 * answer ("3", 97 %) is fixed, so a correction is always needed and the who-answered line can be set.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36, qualifiers = Screenshots.PHONE)
@GraphicsMode(GraphicsMode.Mode.NATIVE) // real Bitmap PNG encoding and decoding, and screenshots
public class WriteFragmentTest {
    private FakeAppContainer fakes;

    @Before
    public void installFakes() {
        fakes = FakeAppContainer.install();
    }

    @After
    public void forgetFakes() {
        FakeAppContainer.uninstall();
    }

    private void usePredictor(Predictor predictor) {
        AppContainer.set(new AppContainer(fakes.samples, fakes.models, fakes.diagnoses, fakes.training, fakes.privacy, predictor, fakes.io));
    }

    private static ActivityScenario<MainActivity> openWrite() {
        ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class);
        onView(withId(R.id.home_write)).perform(click());
        return scenario;
    }

    /**
     * The real app wiring (Room, model store, the one-thread predictor on ml-core's Java engine over the
     * shipped GE from the APK assets): a drawn 7 and a drawn 1 must be read as such; confirming the 7
     * stores it in Room.
     */
    @Test
    public void theShippedModelReadsADrawnSevenAndOne() {
        try (TestPhone phone = TestPhone.forScreens("write");
             MainThreadDiskGuard guard = MainThreadDiskGuard.start();
             ActivityScenario<MainActivity> scenario = openWrite()) {
            onView(withId(R.id.hand_canvas)).perform(DrawStroke.seven());
            UiWait.until("a prediction", () -> !text(scenario, R.id.hand_result_label).equals("–"), 60_000);
            assertEquals("7", text(scenario, R.id.hand_result_label));
            assertTrue(text(scenario, R.id.hand_result_detail), text(scenario, R.id.hand_result_detail).endsWith("answered by the built-in model"));

            onView(withId(R.id.hand_clear)).perform(click());
            assertEquals("–", text(scenario, R.id.hand_result_label));

            onView(withId(R.id.hand_canvas)).perform(DrawStroke.one());
            UiWait.until("a prediction", () -> !text(scenario, R.id.hand_result_label).equals("–"));
            assertEquals("1", text(scenario, R.id.hand_result_label));

            onView(withId(R.id.hand_undo)).perform(click());
            assertEquals("–", text(scenario, R.id.hand_result_label));

            onView(withId(R.id.hand_canvas)).perform(DrawStroke.seven());
            UiWait.until("a prediction", () -> text(scenario, R.id.hand_result_label).equals("7"));
            onView(allOf(withText("7"), isDescendantOfA(withId(R.id.hand_correct_row)))).perform(scrollTo(), click());
            UiWait.until("the sample in Room", () -> phone.offMainThread(() -> phone.samples().list(Domain.HANDWRITING)).size() == 1);
            SampleRecord s = phone.offMainThread(() -> phone.samples().list(Domain.HANDWRITING)).get(0);
            assertEquals("7", s.label);
            assertTrue(phone.offMainThread(() -> phone.samples().imageFile(s).isFile()));
        }
    }

    @Test
    public void aFailingModelIsSaidOnScreenNotSilentlyIgnored() throws Exception {
        RecordingPredictor predictor = new RecordingPredictor();
        predictor.failWith = new java.io.IOException("the active model file is damaged");
        usePredictor(predictor);
        try (ActivityScenario<MainActivity> scenario = openWrite()) {
            onView(withId(R.id.hand_canvas)).perform(DrawStroke.seven());
            UiWait.until("the error on screen, with what to do", () -> text(scenario, R.id.hand_notice)
                    .equals("The model could not read this drawing. The phone could not read or save its files. "
                            + "Make sure the phone has free space, then try again."));
            assertEquals("–", text(scenario, R.id.hand_result_label));
        }
    }

    @Test
    public void aPredictionFollowsEveryStroke() throws Exception {
        RecordingPredictor predictor = new RecordingPredictor();
        usePredictor(predictor);
        try (ActivityScenario<MainActivity> scenario = openWrite()) {
            onView(withId(R.id.hand_canvas)).perform(DrawStroke.through(0.3f, 0.2f, 0.7f, 0.2f));
            onView(withId(R.id.hand_canvas)).perform(DrawStroke.through(0.5f, 0.2f, 0.5f, 0.8f));
            UiWait.until("two predictions", () -> predictor.calls == 2);
            assertEquals(2, predictor.calls);
        }
    }

    @Test
    public void correctingAWrongAnswerStoresTheDrawingAsASample() throws Exception {
        RecordingPredictor predictor = new RecordingPredictor(); // always answers "3"
        usePredictor(predictor);
        try (ActivityScenario<MainActivity> scenario = openWrite()) {
            onView(withId(R.id.hand_canvas)).perform(DrawStroke.seven());
            UiWait.until("a prediction", () -> text(scenario, R.id.hand_result_label).equals("3"));
            float[] seen = predictor.lastInput;

            onView(allOf(withText("7"), isDescendantOfA(withId(R.id.hand_correct_row)))).perform(scrollTo(), click());
            UiWait.until("the sample stored", () -> fakes.samples.list(Domain.HANDWRITING).size() == 1);
            UiWait.until("the notice", () -> text(scenario, R.id.hand_notice).equals("Saved as “7”."));
            assertEquals("–", text(scenario, R.id.hand_result_label)); // canvas cleared for the next one

            SampleRecord s = fakes.samples.list(Domain.HANDWRITING).get(0);
            assertEquals("7", s.label);
            assertEquals("canvas", s.source);
            // The stored PNG is the 28x28 the model saw; the worker's path (fromArgb) gives it back.
            Bitmap png = BitmapFactory.decodeFile(fakes.samples.imageFile(s).getPath());
            assertEquals(28, png.getWidth());
            assertEquals(28, png.getHeight());
            int[] argb = new int[28 * 28];
            png.getPixels(argb, 0, 28, 0, 0, 28, 28);
            float[] again = HandwritingPreprocessor.fromArgb(argb, 28, 28);
            double diff = 0;
            for (int i = 0; i < seen.length; i++) diff += Math.abs(again[i] - seen[i]);
            diff /= seen.length;
            assertTrue("mean difference after storing and preprocessing again: " + diff, diff < 0.03);
        }
    }

    @Test
    public void tellsWhenYourModelAnsweredAndShowsTheBackendWhenAsked() throws Exception {
        Settings.setShowBackend(ApplicationProvider.getApplicationContext(), true);
        RecordingPredictor predictor = new RecordingPredictor();
        predictor.gate = 0.9f; // the mixture's gate chooses the local expert
        usePredictor(predictor);
        try (ActivityScenario<MainActivity> scenario = openWrite()) {
            onView(withId(R.id.hand_canvas)).perform(DrawStroke.one());
            UiWait.until("a prediction", () -> text(scenario, R.id.hand_result_label).equals("3"));
            assertEquals("97.0 % sure · answered by your own model", text(scenario, R.id.hand_result_detail));
            AtomicReference<Integer> visibility = new AtomicReference<>();
            scenario.onActivity(a -> visibility.set(a.findViewById(R.id.hand_backend).getVisibility()));
            assertEquals(View.VISIBLE, (int) visibility.get());
            assertTrue(text(scenario, R.id.hand_backend), text(scenario, R.id.hand_backend).matches("Another engine · [0-9.]+ ms"));
        }
    }

    /** Issue 18: a drawing like no character the model learnt gets no guess and says so, even at 97 %. */
    @Test
    public void aDrawingLikeNoKnownCharacterGetsNoGuess() throws Exception {
        RecordingPredictor predictor = new RecordingPredictor();
        predictor.unfamiliar = true;
        usePredictor(predictor);
        try (ActivityScenario<MainActivity> scenario = openWrite()) {
            onView(withId(R.id.hand_canvas)).perform(DrawStroke.one());
            UiWait.until("an answer", () -> text(scenario, R.id.hand_result_detail).startsWith("This does not look"));
            assertEquals("This does not look like any character the app has learnt, so it will not guess. "
                    + "Write it again, or teach it as your own character.", text(scenario, R.id.hand_result_detail));
            assertEquals("no guess shown", "–", text(scenario, R.id.hand_result_label));
        }
    }

    /** The fake predictor (answers "3", 97 %) that also keeps the last input it was given. */
    static final class RecordingPredictor extends FakePredictor {
        volatile float[] lastInput;

        @Override
        public void predict(String domain, float[] input, Consumer<Prediction> onResult, Consumer<Exception> onError) {
            lastInput = input.clone();
            super.predict(domain, input, onResult, onError);
        }
    }

    static String text(ActivityScenario<MainActivity> scenario, int id) {
        AtomicReference<String> s = new AtomicReference<>();
        scenario.onActivity(a -> s.set(((TextView) a.findViewById(id)).getText().toString().replace('\u00A0', ' '))); // percentages keep their space unbroken
        return s.get();
    }
}

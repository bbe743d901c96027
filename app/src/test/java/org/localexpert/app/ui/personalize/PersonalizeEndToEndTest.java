package org.localexpert.app.ui.personalize;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.action.ViewActions.scrollTo;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.localexpert.app.ui.personalize.PersonalizeFragmentTest.text;
import static org.localexpert.app.ui.personalize.PersonalizeFragmentTest.view;

import android.util.Log;
import android.view.View;

import androidx.test.core.app.ActivityScenario;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import androidx.work.Configuration;
import androidx.work.testing.SynchronousExecutor;
import androidx.work.testing.WorkManagerTestInitHelper;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.MainActivity;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ModelInfo;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.data.local.TrainingRunEntity;
import org.localexpert.app.ui.common.MainThreadDiskGuard;
import org.localexpert.app.ui.common.UiWait;
import org.localexpert.app.work.MnistSamples;
import org.localexpert.app.work.PersonalizationJob;
import org.localexpert.app.work.TestPhone;
import org.localexpert.core.data.Mnist;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.annotation.Config;

import java.util.List;

/**
 * "Train my model" from the screen on the real wiring: real handwritten digits (MNIST, 8 per class, as
 * PNG samples in Room) → the Personalize screen → WorkManager runs the worker → the new model is
 * active and its held-out accuracy per class is shown → rollback brings the shipped model back.
 * Skipped (with the reason) when the MNIST data set is not on this machine.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36)
public class PersonalizeEndToEndTest {
    private static final int PER_CLASS = 8;
    private TestPhone phone;

    @Before
    public void setUp() {
        Configuration config = new Configuration.Builder().setMinimumLoggingLevel(Log.INFO).setExecutor(new SynchronousExecutor()).build();
        WorkManagerTestInitHelper.initializeTestWorkManager(RuntimeEnvironment.getApplication(), config);
        phone = TestPhone.forScreens("personalize-ui");
        org.robolectric.Shadows.shadowOf(RuntimeEnvironment.getApplication()).grantPermissions(android.Manifest.permission.POST_NOTIFICATIONS);
    }

    @After
    public void tearDown() {
        phone.close();
    }

    private void addDigits() {
        List<MnistSamples.Digit> digits = MnistSamples.digits(Mnist.LABELS, PER_CLASS, 0);
        phone.offMainThread(() -> {
            for (MnistSamples.Digit d : digits) phone.container.samples().add(Domain.HANDWRITING, d.label, d.png, SampleRepository.SOURCE_CANVAS);
            return null;
        });
    }

    @Test
    public void trainingFromTheScreenActivatesAModelWhoseHeldOutAccuracyIsShownThenRollsBack() {
        addDigits();
        try (MainThreadDiskGuard guard = MainThreadDiskGuard.start();
             ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
            onView(withId(R.id.home_handwriting_personalize)).perform(click());
            UiWait.until("ready to train", () -> text(scenario, R.id.personalize_verdict).equals("Enough to train on 10 kinds."));
            onView(withId(R.id.personalize_train)).perform(scrollTo(), click());

            UiWait.until("the result", () -> view(scenario, R.id.personalize_result_panel, View::getVisibility) == View.VISIBLE, 180_000);
            ModelInfo m = phone.offMainThread(() -> phone.container.models().active(Domain.HANDWRITING));
            assertTrue(m.personal);
            assertEquals(Domain.HANDWRITING + " " + m.version + " is active", "Done: your model " + m.version + " is now in use.", text(scenario, R.id.personalize_state));
            assertEquals(m.version + " on your test examples: " + percent(m.accuracyBefore) + " right before → " + percent(m.accuracyAfter) + " after",
                    text(scenario, R.id.personalize_result));
            AccuracyChartView chart = view(scenario, R.id.personalize_chart, v -> (AccuracyChartView) v);
            assertEquals(Mnist.LABELS, chart.labels());
            System.out.println("personalize screen after training: " + text(scenario, R.id.personalize_result) + " | per class: " + chart.describe());
            UiWait.until("the new model in the header", () -> text(scenario, R.id.personalize_active).startsWith("Your model " + m.version + " of "));

            onView(withId(R.id.personalize_rollback)).perform(scrollTo(), click());
            UiWait.until("the built-in model again", () -> text(scenario, R.id.personalize_active).startsWith("Built-in model"));
            assertFalse(phone.offMainThread(() -> phone.container.models().active(Domain.HANDWRITING)).personal);
        }
    }

    /** Training that dies of an Error (here: out of memory after loading the samples) ends FAILED, with why on screen. */
    @Test
    public void trainingThatFailsWithAnErrorSaysWhyOnTheScreenAndCanBeStartedAgain() {
        addDigits();
        phone.job().stageHook(stage -> {
            if (stage == PersonalizationJob.Stage.LOADED) throw new OutOfMemoryError("Failed to allocate a 4194320 byte allocation");
        });
        try (MainThreadDiskGuard guard = MainThreadDiskGuard.start();
             ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
            onView(withId(R.id.home_handwriting_personalize)).perform(click());
            UiWait.until("ready to train", () -> text(scenario, R.id.personalize_verdict).equals("Enough to train on 10 kinds."));
            onView(withId(R.id.personalize_train)).perform(scrollTo(), click());
            UiWait.until("the failure on screen", () -> text(scenario, R.id.personalize_state).startsWith("Training did not finish."), 60_000);
            assertEquals("Training did not finish. The phone ran out of memory. Close other apps and try again.",
                    text(scenario, R.id.personalize_state));
            TrainingRunEntity run = phone.offMainThread(() -> phone.db.trainingRuns().byDomain(Domain.HANDWRITING).get(0));
            assertEquals(TrainingRunEntity.FAILED, run.state);
            UiWait.until("Train my model can be tapped again", () -> view(scenario, R.id.personalize_train, View::isEnabled));
            assertEquals(View.GONE, (int) view(scenario, R.id.personalize_progress, View::getVisibility));
        }
    }

    private static String percent(float share) {
        return String.format(java.util.Locale.getDefault(), "%.1f %%", 100f * share);
    }
}

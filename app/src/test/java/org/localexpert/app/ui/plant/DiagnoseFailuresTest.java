package org.localexpert.app.ui.plant;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import android.view.View;

import androidx.test.core.app.ActivityScenario;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.MainActivity;
import org.localexpert.app.R;
import org.localexpert.app.inference.EngineFactory;
import org.localexpert.app.ui.common.MainThreadDiskGuard;
import org.localexpert.app.ui.common.UiWait;
import org.localexpert.app.work.TestPhone;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;

/**
 * Failures that are not Exceptions, while the diagnose screen waits for the model: the phone runs out of memory, or
 * the engine's native library cannot be loaded. The screen must stop its spinner, say what happened in words, and
 * diagnose the next photo (the model is loaded afresh) - over the real wiring: Room, the model store, the one
 * inference thread.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class DiagnoseFailuresTest {
    private TestPhone phone;

    @After
    public void close() {
        if (phone != null) phone.close();
    }

    @Test
    public void runningOutOfMemoryIsSaidAndTheNextPhotoIsDiagnosed() {
        failsOnceThenWorks(new OutOfMemoryError("Failed to allocate a 1048592 byte allocation"), R.string.failure_memory);
    }

    @Test
    public void aModelEngineThatCannotLoadIsSaidAndTheNextPhotoIsDiagnosed() {
        failsOnceThenWorks(new UnsatisfiedLinkError("dlopen failed: library \"libtensorflowlite_jni.so\" not found"), R.string.failure_engine);
    }

    /** {@code advice}: what the screen must tell the user to do (a failure_… string). */
    private void failsOnceThenWorks(Error failure, int advice) {
        // Every engine fails until the failure is on screen (the familiarity check's feature extractor opens one
        // first and falls back to the Java engine on its own; the classifier's open is the one that must fail).
        AtomicReference<Error> failing = new AtomicReference<>(failure);
        EngineFactory failingOnce = model -> {
            Error e = failing.get();
            if (e != null) throw e;
            return EngineFactory.JAVA.open(model);
        };
        phone = TestPhone.forScreens("plant-failures", failingOnce);
        try (MainThreadDiskGuard guard = MainThreadDiskGuard.start();
             ActivityScenario<MainActivity> scenario = DiagnoseScreen.open()) {
            DiagnoseScreen.pick(scenario, PlantTestData.daphalTestPhoto("Rust"));
            UiWait.until("the failure on screen", () -> DiagnoseFragmentTest.visibility(scenario, R.id.plant_error) == View.VISIBLE, 60_000);
            String shown = DiagnoseFragmentTest.text(scenario, R.id.plant_error);
            assertTrue(shown, shown.contains(phone.context.getString(advice)));
            assertEquals("the spinner stopped", View.GONE, DiagnoseFragmentTest.visibility(scenario, R.id.plant_working));
            assertTrue("another photo can be picked", DiagnoseFragmentTest.enabled(scenario, R.id.plant_pick_photo));
            failing.set(null);

            DiagnoseScreen.pick(scenario, PlantTestData.daphalTestPhoto("Rust"));
            Diagnosis d = DiagnoseScreen.awaitExplained(scenario);
            assertEquals("Rust", d.prediction.label());
        }
    }
}

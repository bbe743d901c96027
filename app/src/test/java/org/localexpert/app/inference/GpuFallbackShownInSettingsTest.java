package org.localexpert.app.inference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import android.widget.TextView;

import androidx.test.core.app.ActivityScenario;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.MainActivity;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.ui.common.MainThreadDiskGuard;
import org.localexpert.app.ui.common.UiWait;
import org.localexpert.app.ui.settings.SettingsScreen;
import org.localexpert.app.work.TestPhone;
import org.localexpert.core.predict.Prediction;
import org.robolectric.annotation.Config;

/**
 * A GPU that fails at its first run on the real wiring: the digit is still read (by TFLite on the CPU, here the fake
 * that runs the real model), and the Settings screen says what runs the model and why the GPU does not.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36)
public class GpuFallbackShownInSettingsTest {
    private TestPhone phone;

    @After
    public void close() {
        if (phone != null) phone.close();
    }

    @Test
    public void theBackendThatAnsweredAndWhyTheGpuDidNotAreOnTheSettingsScreen() throws Exception {
        FakeTflite tflite = new FakeTflite();
        tflite.gpuFails = FakeTflite.FailAt.RUN;
        phone = TestPhone.forScreens("gpu-fallback", EngineFactory.tflite(tflite));
        Prediction p = ((InferenceThread) phone.container.predictor()).predictNow(Domain.HANDWRITING, new float[28 * 28]);
        assertTrue("an answer despite the GPU: " + p, p.probability() > 0);
        // The screen line names the kind of engine in plain words; the technical detail says why the GPU did not answer.
        String expected = phone.context.getString(R.string.settings_backend_line, phone.context.getString(R.string.mydata_domain_handwriting),
                phone.context.getString(R.string.engine_cpu));
        String why = "CPU XNNPACK 2 threads (GPU delegate failed at its first run: Internal error: Failed to run on the given Interpreter: GPU invoke failed)";
        try (MainThreadDiskGuard guard = MainThreadDiskGuard.start();
             ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
            SettingsScreen.show(scenario);
            assertEquals(expected, SettingsScreen.engineLines(scenario).split("\n")[0]);
            AtomicReference<String> details = new AtomicReference<>("");
            UiWait.until("the technical detail", () -> {
                scenario.onActivity(a -> details.set(((TextView) a.findViewById(R.id.settings_backend_details)).getText().toString()));
                return details.get().contains(why);
            });
        }
        assertTrue("the failed GPU interpreter and its delegate are closed", tflite.interpreters.get(0).closed && tflite.delegates.get(0).closed);
    }
}

package org.localexpert.app.inference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;


import androidx.test.core.app.ActivityScenario;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.io.FileInputStream;
import java.nio.file.Paths;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.MainActivity;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ShippedModels;
import org.localexpert.app.ui.common.MainThreadDiskGuard;
import org.localexpert.app.ui.settings.SettingsScreen;
import org.localexpert.app.work.TestPhone;
import org.localexpert.core.predict.Prediction;
import org.robolectric.annotation.Config;

/**
 * The golden-set GPU check on the real wiring (the app's container, its assets, its Settings screen): a GPU that answers
 * the golden digits otherwise is dropped for the CPU, the digit is read as the CPU reads it, and Settings says why; a
 * GPU that agrees stays, and Settings says nothing about a check.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36)
public class GpuCheckShownInSettingsTest {
    private TestPhone phone;

    @After
    public void close() {
        if (phone != null) phone.close();
    }

    private static float[] goldenZero() {
        ShippedModels shipped = new ShippedModels(path -> new FileInputStream(Paths.get(System.getProperty("localexpert.models"),
                path.substring("models/".length())).toFile()));
        return shipped.goldenInputs("handwriting", new int[] {28, 28, 1}).get(0);
    }

    /** The Settings screen's engine lines, once listed. */
    private static String settingsLines() throws Exception {
        try (MainThreadDiskGuard guard = MainThreadDiskGuard.start();
             ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
            SettingsScreen.show(scenario);
            return SettingsScreen.engineLines(scenario);
        }
    }

    @Test
    public void aGpuThatAnswersOtherwiseGivesWayToTheCpuAndSettingsSaysWhy() throws Exception {
        FakeTflite tflite = new FakeTflite();
        tflite.gpuAnswersOtherwise = true;
        phone = TestPhone.forScreens("gpu-check-differs", EngineFactory.tflite(tflite));
        Prediction p = ((InferenceThread) phone.container.predictor()).predictNow(Domain.HANDWRITING, goldenZero());
        assertEquals("the CPU's reading, not the GPU's reversed one: " + p, "0", p.label());
        String lines = settingsLines();
        String cpuLine = phone.context.getString(R.string.settings_backend_line, phone.context.getString(R.string.mydata_domain_handwriting),
                phone.context.getString(R.string.engine_cpu));
        assertEquals(cpuLine, lines.split("\n")[0]);
        assertTrue(lines, lines.endsWith(phone.context.getString(R.string.settings_engine_gpu_mismatch)));
    }

    @Test
    public void aGpuThatAgreesStaysAndSettingsMentionsNoCheck() throws Exception {
        FakeTflite tflite = new FakeTflite();
        phone = TestPhone.forScreens("gpu-check-agrees", EngineFactory.tflite(tflite));
        Prediction p = ((InferenceThread) phone.container.predictor()).predictNow(Domain.HANDWRITING, goldenZero());
        assertEquals("0", p.label());
        String lines = settingsLines();
        String gpuLine = phone.context.getString(R.string.settings_backend_line, phone.context.getString(R.string.mydata_domain_handwriting),
                phone.context.getString(R.string.engine_gpu));
        assertEquals(gpuLine, lines.split("\n")[0]);
        assertFalse(lines, lines.contains(phone.context.getString(R.string.settings_engine_gpu_mismatch)));
    }
}

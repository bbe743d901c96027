package org.localexpert.app.ui.plant;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.action.ViewActions.scrollTo;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import android.Manifest;
import android.app.Activity;
import android.app.Application;
import android.content.Intent;
import android.graphics.Bitmap;
import android.graphics.drawable.BitmapDrawable;
import android.graphics.drawable.Drawable;
import android.net.Uri;
import android.view.View;
import android.widget.ImageView;
import android.widget.Spinner;
import android.widget.TextView;

import androidx.fragment.app.Fragment;
import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.localexpert.app.MainActivity;
import org.localexpert.app.R;
import org.localexpert.app.camera.CameraSources;
import org.localexpert.app.camera.FakeCameraSource;
import org.localexpert.app.data.DiagnosisRecord;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.text.LabelText;
import org.localexpert.app.ui.Screenshots;
import org.localexpert.app.ui.common.MainThreadDiskGuard;
import org.localexpert.app.ui.common.UiWait;
import org.localexpert.app.ui.settings.Settings;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.robolectric.shadows.ShadowActivity;

/**
 * Plant — diagnose, end to end on the real shipped plant GE (Java engine) and real Daphal test photos:
 * a photo picked through the gallery intent (answered with a stubbed result) or captured with a fake camera
 * is diagnosed, explained with a Grad-CAM heat map, saved to the history, and confirmed or corrected into
 * a sample; a grey square is "unsure".
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36, qualifiers = Screenshots.PHONE)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class DiagnoseFragmentTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private PlantFakes fakes;

    @Before
    public void install() throws Exception {
        fakes = PlantFakes.withShippedPlantModel(null);
    }

    @After
    public void forget() {
        fakes.uninstall();
    }

    @Test
    public void aPickedLeafPhotoIsDiagnosedAndExplained() {
        File photo = PlantTestData.daphalTestPhoto("Rust");
        Settings.setShowBackend(ApplicationProvider.getApplicationContext(), true);
        try (ActivityScenario<MainActivity> scenario = DiagnoseScreen.open()) {
            DiagnoseScreen.pick(scenario, photo);
            Diagnosis d = DiagnoseScreen.awaitExplained(scenario);

            assertEquals("Rust", d.prediction.label());
            assertFalse("a clear rust photo is not unsure: " + d.prediction.unsureReason(), d.prediction.unsure());
            assertTrue("the disease in words, not the label id: " + text(scenario, R.id.plant_label),
                    text(scenario, R.id.plant_label).startsWith("Sugarcane: rust · "));
            assertEquals("Answered by the built-in model", text(scenario, R.id.plant_expert));
            assertEquals(View.GONE, visibility(scenario, R.id.plant_unsure));
            assertEquals("a sure answer can be confirmed", View.VISIBLE, visibility(scenario, R.id.plant_confirm));
            assertEquals("Yes, it is Sugarcane: rust", text(scenario, R.id.plant_confirm));
            assertEquals(View.GONE, visibility(scenario, R.id.plant_retake));
            assertTrue(text(scenario, R.id.plant_backend), text(scenario, R.id.plant_backend).startsWith("The app's own engine (slower) · "));

            // The heat map is on screen: the shown picture is the blended one, and it is not the bare photo.
            assertNotNull("Grad-CAM picture: " + d.heatmapProblem, d.heatmap);
            assertTrue(shownBitmap(scenario) == d.heatmap);
            assertFalse("the heat map changes the photo", d.heatmap.sameAs(d.photo));

            // Unticking "show heat map" shows the photo itself.
            onView(withId(R.id.plant_show_heat)).perform(scrollTo(), click());
            assertTrue(shownBitmap(scenario) == d.photo);

            // Saved to the history.
            List<DiagnosisRecord> history = fakes.diagnoses.list();
            assertEquals(1, history.size());
            assertEquals("Rust", history.get(0).label);
            assertEquals("GLOBAL", history.get(0).expert);
            assertEquals(d.prediction.probability(), history.get(0).probability, 0f);
        }
    }

    @Test
    public void confirmingAndCorrectingStoreSamples() {
        File photo = PlantTestData.daphalTestPhoto("Rust");
        try (ActivityScenario<MainActivity> scenario = DiagnoseScreen.open()) {
            DiagnoseScreen.pick(scenario, photo);
            DiagnoseScreen.awaitExplained(scenario);
            onView(withId(R.id.plant_confirm)).perform(scrollTo(), click());
            UiWait.until("confirmed sample saved", () -> fakes.samples.list("plant").size() == 1);
            SampleRecord s = fakes.samples.list("plant").get(0);
            assertEquals("Rust", s.label);
            assertEquals(SampleRepository.SOURCE_GALLERY, s.source);
            assertTrue("the photo's bytes are stored", fakes.samples.imageFile(s).length() == photo.length());

            scenario.onActivity(a -> {
                Spinner spinner = a.findViewById(R.id.plant_correct_label);
                int healthy = -1;
                for (int i = 0; i < spinner.getCount(); i++) if ("Sugarcane: healthy".equals(spinner.getItemAtPosition(i))) healthy = i;
                assertTrue("Healthy is offered as a correction, by its name", healthy >= 0);
                spinner.setSelection(healthy);
            });
            onView(withId(R.id.plant_correct)).perform(scrollTo(), click());
            UiWait.until("corrected sample saved", () -> fakes.samples.list("plant").size() == 2);
            assertEquals("Healthy", fakes.samples.list("plant").get(1).label);
            UiWait.until("saved notice", () -> text(scenario, R.id.plant_saved).equals("Saved as a photo of Sugarcane: healthy from your farm."));
        }
    }

    @Test
    public void aGreySquareIsUnsure() throws IOException {
        File file = PlantTestData.greySquare(tmp.getRoot());
        try (ActivityScenario<MainActivity> scenario = DiagnoseScreen.open()) {
            DiagnoseScreen.pick(scenario, file);
            Diagnosis d = DiagnoseScreen.awaitExplained(scenario);
            assertTrue("a grey square must not be diagnosed", d.prediction.unsure());
            assertEquals(View.VISIBLE, visibility(scenario, R.id.plant_unsure));
            assertEquals("what happened and what to do, without the measurement (" + d.prediction.unsureReason() + ")",
                    "The photo is almost all one colour: the lens may be covered, or the photo is too dark or too bright. "
                            + "Take another photo of one leaf.", text(scenario, R.id.plant_unsure));
            assertTrue(text(scenario, R.id.plant_label), text(scenario, R.id.plant_label).startsWith("Not sure (perhaps "));
            // Retake or teach; no "yes, it is …" to agree with a guess.
            assertEquals(View.VISIBLE, visibility(scenario, R.id.plant_retake));
            assertEquals(View.GONE, visibility(scenario, R.id.plant_confirm));
            assertEquals("If you know what it is, teach your model:", text(scenario, R.id.plant_teach_title));
            assertEquals("It is:", text(scenario, R.id.plant_correct_prompt));
            assertEquals(View.VISIBLE, visibility(scenario, R.id.plant_correct));
            assertTrue(fakes.diagnoses.list().get(0).unsure);
            assertTrue("no heat map over a photo the model will not diagnose", shownBitmap(scenario) == d.photo);
            assertEquals(View.GONE, visibility(scenario, R.id.plant_show_heat));

            // Teach: the chosen name is stored as a sample of the photo.
            onView(withId(R.id.plant_correct)).perform(scrollTo(), click());
            UiWait.until("taught", () -> fakes.samples.list("plant").size() == 1);
            assertEquals("the first disease in the list", "Healthy", fakes.samples.list("plant").get(0).label);
            // Retake: the camera screen opens.
            installFakeCamera(file);
            shadowOf((Application) ApplicationProvider.getApplicationContext()).grantPermissions(Manifest.permission.CAMERA);
            onView(withId(R.id.plant_retake)).perform(scrollTo(), click());
            UiWait.until("the camera screen", () -> {
                AtomicReference<Fragment> shown = new AtomicReference<>();
                scenario.onActivity(a -> shown.set(a.getSupportFragmentManager().findFragmentById(R.id.main_container)));
                return shown.get() instanceof CameraFragment;
            });
        }
    }

    @Test
    public void historyShowsDiagnosesAndKeepsANote() {
        File photo = PlantTestData.daphalTestPhoto("Yellow");
        try (ActivityScenario<MainActivity> scenario = DiagnoseScreen.open()) {
            DiagnoseScreen.pick(scenario, photo);
            Diagnosis d = DiagnoseScreen.awaitExplained(scenario);
            onView(withId(R.id.plant_open_history)).perform(click());
            UiWait.until("history row", () -> rowCount(scenario) == 1);
            AtomicReference<String> label = new AtomicReference<>();
            scenario.onActivity(a -> {
                android.widget.ListView list = a.findViewById(R.id.plant_history_list);
                View row = list.getChildAt(0);
                label.set(((TextView) row.findViewById(R.id.plant_history_label)).getText().toString());
                assertTrue(((TextView) row.findViewById(R.id.plant_history_date)).getText().length() > 0);
                list.performItemClick(row, 0, list.getItemIdAtPosition(0));
            });
            String name = LabelText.of(ApplicationProvider.getApplicationContext(), Domain.PLANT, d.prediction.label());
            String expected = d.prediction.unsure() ? "Not sure (perhaps " + name + ")" : name;
            assertTrue(label.get(), label.get().startsWith(expected + " · "));

            androidx.appcompat.app.AlertDialog dialog = (androidx.appcompat.app.AlertDialog) org.robolectric.shadows.ShadowDialog.getLatestDialog();
            ((TextView) dialog.findViewById(R.id.plant_history_note_edit)).setText("field 3, north edge");
            dialog.getButton(android.content.DialogInterface.BUTTON_POSITIVE).performClick();
            UiWait.until("note saved", () -> "field 3, north edge".equals(fakes.diagnoses.list().get(0).note));
            UiWait.until("note shown", () -> {
                AtomicReference<String> note = new AtomicReference<>();
                scenario.onActivity(a -> note.set(((TextView) ((android.widget.ListView) a.findViewById(R.id.plant_history_list))
                        .getChildAt(0).findViewById(R.id.plant_history_note)).getText().toString()));
                return "field 3, north edge".equals(note.get());
            });
        }
    }

    @Test
    public void theCameraScreenCapturesAPhotoToDiagnose() {
        File photo = PlantTestData.daphalTestPhoto("Rust");
        FakeCameraSource camera = installFakeCamera(photo);
        Application app = ApplicationProvider.getApplicationContext();
        shadowOf(app).grantPermissions(Manifest.permission.CAMERA);
        Settings.preferences(app).getAll(); // what the app's container does at start, off the main thread
        File capture = new File(app.getCacheDir(), "camera-photo.jpg");
        // The captured photo is written to a file: not on the main thread.
        try (MainThreadDiskGuard guard = MainThreadDiskGuard.start(); ActivityScenario<MainActivity> scenario = DiagnoseScreen.open()) {
            onView(withId(R.id.plant_take_photo)).perform(click());
            UiWait.until("camera opened", () -> camera.opened && enabled(scenario, R.id.plant_camera_capture));
            onView(withId(R.id.plant_camera_torch)).perform(click());
            assertTrue("torch switched on", camera.torch);
            // The photo is written by the io thread, not the main thread: with the io thread busy, the capture arrives
            // and nothing is written yet. (StrictMode under Robolectric does not see the JVM's own file writes.)
            CountDownLatch ioBusy = new CountDownLatch(1);
            fakes.io.execute(() -> {
                try {
                    ioBusy.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            onView(withId(R.id.plant_camera_capture)).perform(click());
            shadowOf(android.os.Looper.getMainLooper()).idle();
            assertEquals(1, camera.captures);
            assertFalse("written on the main thread", capture.exists());
            ioBusy.countDown();
            Diagnosis d = DiagnoseScreen.awaitExplained(scenario);
            assertTrue("the camera is released when its screen closes", camera.closed);
            UiWait.until("the capture does not stay in the cache", () -> !capture.exists());
            assertEquals("Rust", d.prediction.label());
            assertEquals(SampleRepository.SOURCE_CAMERA, d.source);
            onView(withId(R.id.plant_confirm)).perform(scrollTo(), click());
            UiWait.until("sample saved", () -> fakes.samples.list("plant").size() == 1);
            assertEquals(SampleRepository.SOURCE_CAMERA, fakes.samples.list("plant").get(0).source);
        }
    }

    @Test
    public void refusingTheCameraSaysSoAndTheGalleryStillDiagnoses() {
        File photo = PlantTestData.daphalTestPhoto("Rust");
        FakeCameraSource camera = installFakeCamera(photo);
        Application app = ApplicationProvider.getApplicationContext();
        shadowOf(app).denyPermissions(Manifest.permission.CAMERA);
        try (ActivityScenario<MainActivity> scenario = DiagnoseScreen.open()) {
            onView(withId(R.id.plant_take_photo)).perform(click());
            AtomicReference<org.robolectric.shadows.ShadowActivity.PermissionsRequest> asked = new AtomicReference<>();
            UiWait.until("the camera permission is asked for", () -> {
                scenario.onActivity(a -> asked.set(shadowOf(a).getLastRequestedPermission()));
                return asked.get() != null;
            });
            assertEquals(Manifest.permission.CAMERA, asked.get().requestedPermissions[0]);
            // The user taps "Don't allow".
            scenario.onActivity(a -> a.onRequestPermissionsResult(asked.get().requestCode,
                    new String[] {Manifest.permission.CAMERA}, new int[] {android.content.pm.PackageManager.PERMISSION_DENIED}));
            UiWait.until("the refusal is said on screen", () ->
                    app.getString(R.string.plant_camera_permission_denied).equals(text(scenario, R.id.plant_camera_status)));
            assertEquals(View.VISIBLE, visibility(scenario, R.id.plant_camera_status));
            assertFalse("no camera is opened without the permission", camera.opened);
            assertFalse("nothing to capture without a camera", enabled(scenario, R.id.plant_camera_capture));
            // Coming back to the screen does not ask again in a loop (the dialog pauses and resumes it).
            scenario.moveToState(androidx.lifecycle.Lifecycle.State.STARTED);
            scenario.moveToState(androidx.lifecycle.Lifecycle.State.RESUMED);
            scenario.onActivity(a -> assertTrue("asked only once per visit", asked.get() == shadowOf(a).getLastRequestedPermission()));

            // The gallery path the message points to still works.
            scenario.onActivity(a -> a.getOnBackPressedDispatcher().onBackPressed());
            UiWait.until("back on the diagnose screen", () -> enabled(scenario, R.id.plant_pick_photo));
            DiagnoseScreen.pick(scenario, photo);
            Diagnosis d = DiagnoseScreen.awaitExplained(scenario);
            assertEquals("Rust", d.prediction.label());
            assertFalse(camera.opened);
        }
    }

    // ---- helpers ----

    /** A camera with a torch that "captures" {@code photo}, installed as the one the camera screen opens. */
    private static FakeCameraSource installFakeCamera(File photo) {
        FakeCameraSource camera = new FakeCameraSource(PlantTestData.bytes(photo), true);
        CameraSources.set(c -> camera);
        return camera;
    }

    static Bitmap shownBitmap(ActivityScenario<MainActivity> scenario) {
        AtomicReference<Bitmap> b = new AtomicReference<>();
        scenario.onActivity(a -> {
            Drawable drawable = ((ImageView) a.findViewById(R.id.plant_photo)).getDrawable();
            b.set(drawable instanceof BitmapDrawable ? ((BitmapDrawable) drawable).getBitmap() : null);
        });
        return b.get();
    }

    static String text(ActivityScenario<MainActivity> scenario, int id) {
        AtomicReference<String> s = new AtomicReference<>();
        scenario.onActivity(a -> s.set(((TextView) a.findViewById(id)).getText().toString()));
        return s.get();
    }

    static int visibility(ActivityScenario<MainActivity> scenario, int id) {
        AtomicReference<Integer> v = new AtomicReference<>();
        scenario.onActivity(a -> v.set(a.findViewById(id).getVisibility()));
        return v.get();
    }

    static boolean enabled(ActivityScenario<MainActivity> scenario, int id) {
        AtomicReference<Boolean> v = new AtomicReference<>(false);
        scenario.onActivity(a -> {
            View view = a.findViewById(id);
            v.set(view != null && view.isEnabled());
        });
        return v.get();
    }

    static int rowCount(ActivityScenario<MainActivity> scenario) {
        AtomicReference<Integer> n = new AtomicReference<>(0);
        scenario.onActivity(a -> {
            android.widget.ListView list = a.findViewById(R.id.plant_history_list);
            n.set(list == null ? 0 : list.getChildCount());
        });
        return n.get();
    }
}

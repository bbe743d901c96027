package org.localexpert.app.ui.plant;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.action.ViewActions.scrollTo;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import android.content.DialogInterface;
import android.view.View;
import android.widget.ListView;

import androidx.appcompat.app.AlertDialog;
import androidx.test.core.app.ActivityScenario;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.MainActivity;
import org.localexpert.app.R;
import org.localexpert.app.data.DiagnosisRecord;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.ui.common.MainThreadDiskGuard;
import org.localexpert.app.ui.common.UiWait;
import org.localexpert.app.ui.mydata.MyDataFragment;
import org.localexpert.app.work.TestPhone;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.robolectric.shadows.ShadowDialog;

/**
 * The plant screens over the REAL app wiring (Room, app-private files, the model store, the one-thread
 * predictor on the shipped plant GE asset with the Java engine): diagnose a real photo, confirm it into a
 * sample, then "Delete all my data" through My data leaves no row and no file; one diagnosis deleted from the
 * history takes its photo with it. Room is opened as the app opens it and StrictMode watches the main thread:
 * a screen that reads or writes the disk there fails.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class PlantRealRepositoriesTest {
    private TestPhone phone;

    @After
    public void close() {
        if (phone != null) phone.close();
    }

    @Test
    public void diagnoseConfirmAndDeleteAllThroughTheScreens() {
        File photo = PlantTestData.daphalTestPhoto("Rust");
        phone = TestPhone.forScreens("plant-ui");
        try (MainThreadDiskGuard guard = MainThreadDiskGuard.start();
             ActivityScenario<MainActivity> scenario = DiagnoseScreen.open()) {
            DiagnoseScreen.pick(scenario, photo);
            Diagnosis d = DiagnoseScreen.awaitExplained(scenario);
            assertEquals("Rust", d.prediction.label());
            assertNotNull("Grad-CAM on the active model's file: " + d.heatmapProblem, d.heatmap);
            onView(withId(R.id.plant_confirm)).perform(scrollTo(), click());
            UiWait.until("sample stored in Room", () -> samples().size() == 1);
            assertEquals(SampleRepository.SOURCE_GALLERY, samples().get(0).source);
            assertEquals("Rust", samples().get(0).label);
            UiWait.until("the diagnosis in the history", () -> diagnoses().size() == 1);
            assertTrue("the sample's and the diagnosis's photos are files", files().size() >= 2);

            scenario.onActivity(a -> a.getSupportFragmentManager().beginTransaction()
                    .replace(R.id.main_container, new MyDataFragment()).commitNow());
            UiWait.until("the sample listed", () -> rows(scenario, R.id.mydata_list) == 1);
            onView(withId(R.id.mydata_delete_all)).perform(click());
            ((AlertDialog) ShadowDialog.getLatestDialog()).getButton(DialogInterface.BUTTON_POSITIVE).performClick();
            UiWait.until("list empty", () -> rows(scenario, R.id.mydata_list) == 0);
            UiWait.until("all rows gone", () -> phone.offMainThread(() -> phone.db.samples().all().isEmpty() && phone.db.diagnoses().all().isEmpty()));
            assertEquals("files left: " + files(), 0, files().size());
        }
    }

    /** Item 5 of issue 21: one diagnosis goes, with its photo, after the user confirms; the others stay. */
    @Test
    public void oneDiagnosisIsDeletedWithItsPhotoFromTheHistory() {
        phone = TestPhone.forScreens("plant-history");
        try (MainThreadDiskGuard guard = MainThreadDiskGuard.start();
             ActivityScenario<MainActivity> scenario = DiagnoseScreen.open()) {
            DiagnoseScreen.pick(scenario, PlantTestData.daphalTestPhoto("Rust"));
            UiWait.until("the first diagnosis stored", () -> diagnoses().size() == 1, 60_000);
            DiagnoseScreen.pick(scenario, PlantTestData.daphalTestPhoto("Yellow"));
            UiWait.until("the second diagnosis stored", () -> diagnoses().size() == 2, 60_000);
            List<DiagnosisRecord> before = diagnoses();
            File newest = photo(before.get(0)), older = photo(before.get(1));
            assertTrue(phone.offMainThread(() -> newest.isFile() && older.isFile()));

            onView(withId(R.id.plant_open_history)).perform(click());
            UiWait.until("two rows", () -> rows(scenario, R.id.plant_history_list) == 2);
            // "Cancel" keeps it.
            tapDelete(scenario, 0);
            ((AlertDialog) ShadowDialog.getLatestDialog()).getButton(DialogInterface.BUTTON_NEGATIVE).performClick();
            UiWait.until("the list settles", () -> rows(scenario, R.id.plant_history_list) == 2);
            assertEquals(2, diagnoses().size());
            // "Delete" removes the row and its photo.
            tapDelete(scenario, 0);
            ((AlertDialog) ShadowDialog.getLatestDialog()).getButton(DialogInterface.BUTTON_POSITIVE).performClick();
            UiWait.until("one row left", () -> rows(scenario, R.id.plant_history_list) == 1);
            List<DiagnosisRecord> after = diagnoses();
            assertEquals(1, after.size());
            assertEquals("the older one stays", before.get(1).id, after.get(0).id);
            assertFalse("the photo is gone from the phone", phone.offMainThread(newest::exists));
            assertTrue("the other photo stays", phone.offMainThread(older::isFile));
        }
    }

    private static void tapDelete(ActivityScenario<MainActivity> scenario, int row) {
        scenario.onActivity(a -> {
            ListView list = a.findViewById(R.id.plant_history_list);
            View delete = list.getChildAt(row).findViewById(R.id.plant_history_delete);
            assertEquals("a finger-sized button", a.getResources().getDisplayMetrics().density * 48, delete.getWidth(), 1f);
            assertEquals(a.getString(R.string.plant_history_delete), delete.getContentDescription());
            delete.performClick();
        });
    }

    private List<SampleRecord> samples() {
        return phone.offMainThread(() -> phone.container.samples().list(Domain.PLANT));
    }

    private List<DiagnosisRecord> diagnoses() {
        return phone.offMainThread(() -> phone.container.diagnoses().list());
    }

    private File photo(DiagnosisRecord d) {
        return phone.offMainThread(() -> phone.container.diagnoses().photo(d));
    }

    private List<String> files() {
        return phone.offMainThread(() -> files(phone.files().root()));
    }

    private static int rows(ActivityScenario<MainActivity> scenario, int listId) {
        AtomicReference<Integer> n = new AtomicReference<>(-1);
        scenario.onActivity(a -> {
            ListView list = a.findViewById(listId);
            n.set(list == null ? -1 : list.getAdapter().getCount());
        });
        return n.get();
    }

    private static List<String> files(File f) {
        List<String> out = new ArrayList<>();
        if (f.isFile()) out.add(f.getPath());
        File[] c = f.listFiles();
        if (c != null) for (File x : c) out.addAll(files(x));
        return out;
    }
}

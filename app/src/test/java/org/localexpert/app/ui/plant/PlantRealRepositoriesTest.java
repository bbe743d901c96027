package org.localexpert.app.ui.plant;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.action.ViewActions.scrollTo;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import android.content.DialogInterface;
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
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.ui.common.UiWait;
import org.localexpert.app.ui.mydata.MyDataFragment;
import org.localexpert.app.work.TestPhone;
import org.localexpert.core.store.IoHooks;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.robolectric.shadows.ShadowDialog;

/**
 * The plant screens over the REAL app wiring (Room, app-private files, the model store, the one-thread
 * predictor on the shipped plant GE asset with the Java engine): diagnose a real photo, confirm it into a
 * sample, then "Delete all my data" through My data leaves no row and no file.
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
        phone = new TestPhone("plant-ui", IoHooks.NONE);
        try (ActivityScenario<MainActivity> scenario = DiagnoseScreen.open()) {
            DiagnoseScreen.pick(scenario, photo);
            Diagnosis d = DiagnoseScreen.awaitExplained(scenario);
            assertEquals("Rust", d.prediction.label());
            assertNotNull("Grad-CAM on the active model's file: " + d.heatmapProblem, d.heatmap);
            onView(withId(R.id.plant_confirm)).perform(scrollTo(), click());
            UiWait.until("sample stored in Room", () -> phone.container.samples().list(Domain.PLANT).size() == 1);
            assertEquals(SampleRepository.SOURCE_GALLERY, phone.container.samples().list(Domain.PLANT).get(0).source);
            assertEquals("Rust", phone.container.samples().list(Domain.PLANT).get(0).label);
            assertEquals(1, phone.container.diagnoses().list().size());
            assertTrue("the sample's and the diagnosis's photos are files", files(phone.files().root()).size() >= 2);

            scenario.onActivity(a -> a.getSupportFragmentManager().beginTransaction()
                    .replace(R.id.main_container, new MyDataFragment()).commitNow());
            UiWait.until("the sample listed", () -> rows(scenario) == 1);
            onView(withId(R.id.mydata_delete_all)).perform(click());
            ((AlertDialog) ShadowDialog.getLatestDialog()).getButton(DialogInterface.BUTTON_POSITIVE).performClick();
            UiWait.until("list empty", () -> rows(scenario) == 0);
            UiWait.until("all rows gone", () -> phone.db.samples().all().isEmpty() && phone.db.diagnoses().all().isEmpty());
            assertEquals("files left: " + files(phone.files().root()), 0, files(phone.files().root()).size());
        }
    }

    private static int rows(ActivityScenario<MainActivity> scenario) {
        AtomicReference<Integer> n = new AtomicReference<>(-1);
        scenario.onActivity(a -> {
            ListView list = a.findViewById(R.id.mydata_list);
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

package org.localexpert.app.ui.mydata;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import android.app.Activity;
import android.content.DialogInterface;
import android.content.Intent;
import android.graphics.Bitmap;
import android.graphics.Color;
import android.net.Uri;
import android.widget.ImageView;
import android.widget.ListView;
import android.widget.TextView;

import androidx.appcompat.app.AlertDialog;
import androidx.test.core.app.ActivityScenario;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.localexpert.app.MainActivity;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.fake.FakeAppContainer;
import org.localexpert.app.ui.Screenshots;
import org.localexpert.app.ui.common.UiWait;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.robolectric.shadows.ShadowActivity;
import org.robolectric.shadows.ShadowDialog;

/** My data: browse with thumbnails, relabel, delete one, delete all (rows and files), export the model through SAF. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36, qualifiers = Screenshots.PHONE)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class MyDataFragmentTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private FakeAppContainer fakes;

    @Before
    public void install() {
        fakes = FakeAppContainer.install();
        fakes.samples.add(Domain.PLANT, "rust", png(Color.rgb(150, 70, 30)), SampleRepository.SOURCE_CAMERA);
        fakes.samples.add(Domain.PLANT, "healthy", png(Color.rgb(40, 160, 60)), SampleRepository.SOURCE_GALLERY);
        fakes.samples.add(Domain.PLANT, "blight", png(Color.rgb(90, 80, 40)), SampleRepository.SOURCE_CAMERA);
        fakes.samples.add(Domain.HANDWRITING, "7", png(Color.WHITE), SampleRepository.SOURCE_CANVAS);
    }

    @After
    public void forget() {
        FakeAppContainer.uninstall();
    }

    @Test
    public void browseRelabelAndDelete() {
        try (ActivityScenario<MainActivity> scenario = open()) {
            UiWait.until("three plant samples listed", () -> rows(scenario) == 3);
            UiWait.until("thumbnails decoded", () -> thumbnail(scenario, 0) && thumbnail(scenario, 2));
            assertEquals("3 examples", text(scenario, R.id.mydata_count));

            // Relabel the first sample (rust) as healthy: tap -> "Change label" -> "healthy".
            clickRow(scenario, 0);
            AlertDialog actions = latestDialog();
            actions.getListView().performItemClick(null, 0, 0);
            UiWait.until("label chooser shown", () -> latestDialog() != actions);
            AlertDialog chooser = latestDialog();
            int healthy = FakeSampleRepositoryLabels.indexOf("healthy");
            chooser.getListView().performItemClick(null, healthy, healthy);
            UiWait.until("relabelled", () -> "healthy".equals(fakes.samples.list(Domain.PLANT).get(0).label));

            // Delete the second sample: its row and its file go.
            SampleRecord second = fakes.samples.list(Domain.PLANT).get(1);
            File file = fakes.samples.imageFile(second);
            assertTrue(file.isFile());
            clickRow(scenario, 1);
            latestDialog().getListView().performItemClick(null, 1, 1);
            UiWait.until("deleted", () -> rows(scenario) == 2);
            assertTrue("the image file is gone", !file.exists());

            // The other domain.
            onView(withId(R.id.mydata_domain_handwriting)).perform(click());
            UiWait.until("handwriting samples listed", () -> rows(scenario) == 1 && "1 example".equals(text(scenario, R.id.mydata_count)));
        }
    }

    @Test
    public void deleteAllLeavesNoRowsAndNoFiles() {
        File dir = fakes.samples.imageFile(fakes.samples.list(Domain.PLANT).get(0)).getParentFile().getParentFile();
        try (ActivityScenario<MainActivity> scenario = open()) {
            UiWait.until("samples listed", () -> rows(scenario) == 3);
            onView(withId(R.id.mydata_delete_all)).perform(click());
            AlertDialog confirm = latestDialog();
            assertEquals("Delete all your data?", ((TextView) confirm.findViewById(androidx.appcompat.R.id.alertTitle)).getText().toString());
            confirm.getButton(DialogInterface.BUTTON_POSITIVE).performClick();
            UiWait.until("list empty", () -> rows(scenario) == 0 && "No examples yet.".equals(text(scenario, R.id.mydata_count)));
            assertEquals(1, fakes.privacy.deletions);
            assertTrue(fakes.samples.list(Domain.PLANT).isEmpty());
            assertTrue(fakes.samples.list(Domain.HANDWRITING).isEmpty());
            assertEquals("no sample files left under " + dir, 0, countFiles(dir));
            assertEquals("All your data was deleted.", text(scenario, R.id.mydata_message));
        }
    }

    @Test
    public void exportWritesTheActiveModelToTheChosenDocument() throws IOException {
        // The document the user "chose": a content URI whose stream Robolectric's content resolver hands out.
        Uri target = Uri.parse("content://com.example.documents/document/exported.tflite");
        ByteArrayOutputStream document = new ByteArrayOutputStream();
        shadowOf(androidx.test.core.app.ApplicationProvider.<android.content.Context>getApplicationContext().getContentResolver())
                .registerOutputStream(target, document);
        try (ActivityScenario<MainActivity> scenario = open()) {
            UiWait.until("samples listed", () -> rows(scenario) == 3);
            onView(withId(R.id.mydata_export)).perform(click());
            scenario.onActivity(a -> {
                ShadowActivity shadow = shadowOf(a);
                ShadowActivity.IntentForResult request = shadow.getNextStartedActivityForResult();
                assertNotNull("a document was asked for", request);
                assertEquals(Intent.ACTION_CREATE_DOCUMENT, request.intent.getAction());
                assertEquals("localexpert-plant-model.tflite", request.intent.getStringExtra(Intent.EXTRA_TITLE));
                shadow.receiveResult(request.intent, Activity.RESULT_OK, new Intent().setData(target));
            });
            UiWait.until("export finished", () -> !text(scenario, R.id.mydata_message).isEmpty());
            assertEquals("Model exported.", text(scenario, R.id.mydata_message));
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            fakes.models.exportActive(Domain.PLANT, expected);
            assertArrayEquals(expected.toByteArray(), document.toByteArray());
            assertTrue(new String(expected.toByteArray(), StandardCharsets.UTF_8).startsWith("fake model plant"));
        }
    }

    // ---- helpers ----

    /** The fake repository's plant labels, in the order the label chooser lists them. */
    private static final java.util.List<String> FakeSampleRepositoryLabels = org.localexpert.app.fake.FakeSampleRepository.PLANT_LABELS;

    private static ActivityScenario<MainActivity> open() {
        ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class);
        scenario.onActivity(a -> a.getSupportFragmentManager().beginTransaction()
                .replace(R.id.main_container, new MyDataFragment()).commitNow());
        return scenario;
    }

    private static byte[] png(int colour) {
        Bitmap b = Bitmap.createBitmap(120, 90, Bitmap.Config.ARGB_8888);
        b.eraseColor(colour);
        for (int x = 0; x < 120; x++) b.setPixel(x, x * 90 / 120, Color.BLACK); // a vein, so it is not uniform
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.compress(Bitmap.CompressFormat.PNG, 100, out);
        return out.toByteArray();
    }

    private static AlertDialog latestDialog() {
        return (AlertDialog) ShadowDialog.getLatestDialog();
    }

    private static void clickRow(ActivityScenario<MainActivity> scenario, int position) {
        scenario.onActivity(a -> {
            ListView list = a.findViewById(R.id.mydata_list);
            list.performItemClick(list.getChildAt(position), position, list.getItemIdAtPosition(position));
        });
    }

    private static int rows(ActivityScenario<MainActivity> scenario) {
        AtomicReference<Integer> n = new AtomicReference<>(0);
        scenario.onActivity(a -> {
            ListView list = a.findViewById(R.id.mydata_list);
            n.set(list == null ? 0 : list.getAdapter().getCount());
        });
        return n.get();
    }

    private static boolean thumbnail(ActivityScenario<MainActivity> scenario, int position) {
        AtomicReference<Boolean> shown = new AtomicReference<>(false);
        scenario.onActivity(a -> {
            ListView list = a.findViewById(R.id.mydata_list);
            if (list.getChildCount() > position) {
                ImageView thumb = list.getChildAt(position).findViewById(R.id.mydata_thumb);
                // setImageBitmap(null) still sets a (empty) BitmapDrawable: look at the bitmap itself.
                shown.set(thumb.getDrawable() instanceof android.graphics.drawable.BitmapDrawable
                        && ((android.graphics.drawable.BitmapDrawable) thumb.getDrawable()).getBitmap() != null);
            }
        });
        return shown.get();
    }

    private static String text(ActivityScenario<MainActivity> scenario, int id) {
        AtomicReference<String> s = new AtomicReference<>();
        scenario.onActivity(a -> s.set(((TextView) a.findViewById(id)).getText().toString()));
        return s.get();
    }

    private static int countFiles(File dir) {
        File[] files = dir.listFiles();
        if (files == null) return 0;
        int n = 0;
        for (File f : files) n += f.isDirectory() ? countFiles(f) : 1;
        return n;
    }
}

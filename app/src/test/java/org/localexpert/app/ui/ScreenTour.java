package org.localexpert.app.ui;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.action.ViewActions.replaceText;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static org.robolectric.Shadows.shadowOf;

import android.Manifest;
import android.app.Application;
import android.content.Context;
import android.graphics.drawable.BitmapDrawable;
import android.view.View;
import android.widget.ImageView;
import android.widget.ListView;
import android.widget.ScrollView;
import android.widget.TextView;

import androidx.fragment.app.Fragment;
import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.localexpert.app.MainActivity;
import org.localexpert.app.R;
import org.localexpert.app.camera.CameraSources;
import org.localexpert.app.camera.FakeCameraSource;
import org.localexpert.app.data.DiagnosisRecord;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.fake.FakePredictor;
import org.localexpert.app.ui.common.UiWait;
import org.localexpert.app.ui.handwriting.DrawStroke;
import org.localexpert.app.ui.mydata.MyDataFragment;
import org.localexpert.app.ui.personalize.PersonalizeFragment;
import org.localexpert.app.ui.plant.CameraFragment;
import org.localexpert.app.ui.plant.DiagnoseScreen;
import org.localexpert.app.ui.plant.HistoryFragment;
import org.localexpert.app.ui.plant.PlantFakes;
import org.localexpert.app.ui.plant.PlantTestData;
import org.localexpert.app.ui.settings.SettingsFragment;

/**
 * Every screen of the app in a state a user meets, in one theme and language per subclass ({@link LightScreensTest},
 * {@link DarkScreensTest}, {@link MarathiScreensTest}): each is checked by {@link ScreenChecks} (touch targets,
 * contrast, TalkBack names, no English left in a translation) and saved as {@code <variant>/<screen>.png} — the
 * README's screenshots. Plant screens run the real shipped plant model on real Daphal photos (skipped without
 * the data set); handwriting answers come from a fake predictor.
 */
public abstract class ScreenTour {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private PlantFakes fakes;

    /** The screenshots' folder, e.g. "dark". */
    protected abstract String variant();

    /** True when the screens are in another language than English. */
    protected boolean translated() {
        return false;
    }

    /** A note the user wrote in the history, in the user's language. */
    protected String userNote() {
        return "field 3, north edge";
    }

    @Before
    public void install() throws Exception {
        FakePredictor handwriting = new FakePredictor();
        handwriting.handwriting = FakePredictor.one(10, 7, 0.97f); // reads the drawn 7 as a 7
        fakes = PlantFakes.withShippedPlantModel(handwriting);
    }

    @After
    public void forget() {
        fakes.uninstall();
    }

    @Test
    public void home() {
        fakes.models.addPersonal(Domain.HANDWRITING, 0.8f, 0.95f, null);
        try (ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
            String loading = context().getString(R.string.home_model_loading);
            UiWait.until("both models shown", () -> !text(scenario, R.id.home_plant_model).equals(loading)
                    && !text(scenario, R.id.home_handwriting_model).equals(loading));
            shoot(scenario, "home");
        }
    }

    @Test
    public void write() {
        try (ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
            onView(withId(R.id.home_write)).perform(click());
            onView(withId(R.id.hand_canvas)).perform(DrawStroke.seven());
            UiWait.until("the answer", () -> "7".equals(text(scenario, R.id.hand_result_label)));
            shoot(scenario, "write");
        }
    }

    @Test
    public void teach() {
        try (ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
            onView(withId(R.id.home_teach)).perform(click());
            onView(withId(R.id.teach_new_label)).perform(replaceText("A"));
            onView(withId(R.id.teach_add_label)).perform(click());
            UiWait.until("the new character prompted", () -> text(scenario, R.id.teach_prompt).contains("A"));
            onView(withId(R.id.teach_canvas)).perform(DrawStroke.through(0.2f, 0.9f, 0.5f, 0.1f, 0.8f, 0.9f));
            onView(withId(R.id.teach_canvas)).perform(DrawStroke.through(0.33f, 0.55f, 0.67f, 0.55f));
            shoot(scenario, "teach");
        }
    }

    @Test
    public void personalizeHandwriting() {
        int[] counts = {9, 8, 12, 7, 9, 6, 10, 11, 5, 8};
        float[] before = {1f, 1f, 0.67f, 0.5f, 1f, 0.5f, 0.67f, 0.33f, 1f, 0.5f};
        float[] after = {1f, 1f, 1f, 1f, 1f, 1f, 0.67f, 1f, 1f, 1f};
        Map<String, float[]> perClass = new LinkedHashMap<>();
        for (int d = 0; d < 10; d++) {
            seed(Domain.HANDWRITING, String.valueOf(d), counts[d]);
            perClass.put(String.valueOf(d), new float[] {before[d], after[d]});
        }
        fakes.models.addPersonal(Domain.HANDWRITING, 0.72f, 0.97f, perClass);
        showPersonalized(Domain.HANDWRITING, "personalize");
    }

    @Test
    public void personalizeLeaves() {
        String[] labels = {"Healthy", "Mosaic", "RedRot", "Rust", "Yellow"};
        float[] before = {0.4f, 0.8f, 0.6f, 0.8f, 0.6f};
        Map<String, float[]> perClass = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            seed(Domain.PLANT, labels[i], 10);
            perClass.put(labels[i], new float[] {before[i], 1f});
        }
        seed(Domain.PLANT, "Tomato___Early_blight", 3);
        fakes.models.addPersonal(Domain.PLANT, 0.64f, 1f, perClass);
        showPersonalized(Domain.PLANT, "personalize-leaves");
    }

    @Test
    public void diagnose() {
        File photo = PlantTestData.daphalTestPhoto("Rust");
        try (ActivityScenario<MainActivity> scenario = DiagnoseScreen.open()) {
            DiagnoseScreen.pick(scenario, photo);
            DiagnoseScreen.awaitAnswer(scenario);
            scrollTo(scenario, R.id.plant_result_panel, 0);
            shoot(scenario, "plant-diagnose");
        }
    }

    @Test
    public void unsure() throws IOException {
        File file = PlantTestData.greySquare(tmp.getRoot());
        try (ActivityScenario<MainActivity> scenario = DiagnoseScreen.open()) {
            DiagnoseScreen.pick(scenario, file);
            DiagnoseScreen.awaitAnswer(scenario);
            scrollTo(scenario, R.id.plant_label, 160); // the answer, why it is unsure, retake and teach
            shoot(scenario, "plant-unsure");
        }
    }

    @Test
    public void history() throws IOException {
        addDiagnosis("Rust", 0.93f, false, userNote(), PlantTestData.daphalTestPhoto("Rust"));
        addDiagnosis("Healthy", 0.37f, true, null, PlantTestData.daphalTestPhoto("Healthy"));
        addDiagnosis("RedRot", 0.88f, false, null, PlantTestData.daphalTestPhoto("RedRot"));
        try (ActivityScenario<MainActivity> scenario = open(new HistoryFragment())) {
            UiWait.until("three rows with their photos", () -> listRowsWithPictures(scenario, R.id.plant_history_list, R.id.plant_history_thumb) == 3);
            shoot(scenario, "plant-history");
        }
    }

    @Test
    public void camera() {
        FakeCameraSource camera = new FakeCameraSource(PlantTestData.bytes(PlantTestData.daphalTestPhoto("Rust")), true);
        CameraSources.set(c -> camera);
        shadowOf((Application) ApplicationProvider.getApplicationContext()).grantPermissions(Manifest.permission.CAMERA);
        try (ActivityScenario<MainActivity> scenario = open(new CameraFragment())) {
            UiWait.until("camera ready", () -> {
                AtomicBoolean ready = new AtomicBoolean();
                scenario.onActivity(a -> ready.set(a.findViewById(R.id.plant_camera_capture).isEnabled()));
                return ready.get();
            });
            shoot(scenario, "camera");
        }
    }

    @Test
    public void myData() throws IOException {
        for (String label : new String[] {"Rust", "Healthy", "RedRot", "Mosaic", "Yellow"}) {
            fakes.samples.add(Domain.PLANT, label, PlantTestData.bytes(PlantTestData.daphalTestPhoto(label)),
                    label.equals("Healthy") ? SampleRepository.SOURCE_GALLERY : SampleRepository.SOURCE_CAMERA);
        }
        try (ActivityScenario<MainActivity> scenario = open(new MyDataFragment())) {
            UiWait.until("five samples with thumbnails", () -> listRowsWithPictures(scenario, R.id.mydata_list, R.id.mydata_thumb) == 5);
            shoot(scenario, "mydata");
        }
    }

    @Test
    public void settings() {
        try (ActivityScenario<MainActivity> scenario = open(new SettingsFragment())) {
            UiWait.until("the engines listed", () -> text(scenario, R.id.settings_backends).length() > 0);
            shoot(scenario, "settings");
        }
    }

    // ---- helpers ----

    private void shoot(ActivityScenario<MainActivity> scenario, String screen) {
        scenario.onActivity(a -> {
            ScreenChecks.assertUsable(a, screen, translated());
            Screenshots.save(a, variant() + "/" + screen);
        });
    }

    private void showPersonalized(String domain, String screen) {
        try (ActivityScenario<MainActivity> scenario = open(PersonalizeFragment.newInstance(domain))) {
            UiWait.until("the chart", () -> {
                AtomicBoolean shown = new AtomicBoolean();
                scenario.onActivity(a -> shown.set(a.findViewById(R.id.personalize_result_panel).getVisibility() == View.VISIBLE));
                return shown.get();
            });
            shoot(scenario, screen);
        }
    }

    private static ActivityScenario<MainActivity> open(Fragment screen) {
        ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class);
        scenario.onActivity(a -> a.getSupportFragmentManager().beginTransaction().replace(R.id.main_container, screen).commitNow());
        return scenario;
    }

    private void seed(String domain, String label, int n) {
        for (int i = 0; i < n; i++) fakes.samples.add(domain, label, new byte[] {1}, SampleRepository.SOURCE_CANVAS);
    }

    /** A history entry with its photo where the history screen reads it (the app's files folder). */
    private void addDiagnosis(String label, float probability, boolean unsure, String note, File photo) throws IOException {
        byte[] jpeg = PlantTestData.bytes(photo);
        DiagnosisRecord d = fakes.diagnoses.add(new DiagnosisRecord(0, label, probability, "GLOBAL", unsure, note), jpeg);
        File file = new File(context().getFilesDir(), d.imageFile);
        file.getParentFile().mkdirs();
        Files.write(file.toPath(), jpeg);
    }

    /** Scrolls the screen's ScrollView so that {@code id} is {@code marginDp} below its top. */
    private static void scrollTo(ActivityScenario<MainActivity> scenario, int id, int marginDp) {
        scenario.onActivity(a -> {
            View target = a.findViewById(id);
            int y = 0;
            View v = target;
            while (!(v.getParent() instanceof ScrollView)) {
                y += v.getTop();
                v = (View) v.getParent();
            }
            ((ScrollView) v.getParent()).scrollTo(0, Math.max(0, y - Math.round(marginDp * a.getResources().getDisplayMetrics().density)));
        });
    }

    private static int listRowsWithPictures(ActivityScenario<MainActivity> scenario, int list, int picture) {
        AtomicReference<Integer> n = new AtomicReference<>(0);
        scenario.onActivity(a -> {
            ListView rows = a.findViewById(list);
            int count = 0;
            for (int i = 0; i < rows.getChildCount(); i++) {
                ImageView image = rows.getChildAt(i).findViewById(picture);
                if (image.getDrawable() instanceof BitmapDrawable) count++;
            }
            n.set(count);
        });
        return n.get();
    }

    private static String text(ActivityScenario<MainActivity> scenario, int id) {
        AtomicReference<String> s = new AtomicReference<>();
        scenario.onActivity(a -> s.set(String.valueOf(((TextView) a.findViewById(id)).getText())));
        return s.get();
    }

    private static Context context() {
        return ApplicationProvider.getApplicationContext();
    }
}

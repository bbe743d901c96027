package org.localexpert.app.ui.plant;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;
import static org.localexpert.app.ui.common.LiveDataNow.now;

import android.os.Looper;

import androidx.test.ext.junit.runners.AndroidJUnit4;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.localexpert.app.R;
import org.localexpert.app.data.DiagnosisRecord;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.Labels;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.fake.FakeDiagnosisRepository;
import org.localexpert.app.fake.FakeModelRepository;
import org.localexpert.app.fake.FakePredictor;
import org.localexpert.app.fake.FakeSampleRepository;
import org.localexpert.core.data.DataException;
import org.localexpert.core.abstain.InputCheck;
import org.robolectric.annotation.Config;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Executor;

import javax.imageio.ImageIO;

/**
 * DiagnoseViewModel on its own (no Fragment), against the fakes with a direct executor: the active model is the
 * shipped plant GE (Grad-CAM explains it), the answer comes from {@link FakePredictor} (set per test) through
 * ml-core's real abstention rule. A sure answer can be confirmed; an abstained one offers retake and teach, never
 * a confirm; every failure carries the words of the step that failed.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
public class DiagnoseViewModelTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private FakeSampleRepository samples;
    private FakeModelRepository models;
    private FakeDiagnosisRepository history;
    private final FakePredictor predictor = new FakePredictor();
    private final Executor direct = Runnable::run;

    @Before
    public void setUp() throws IOException {
        samples = new FakeSampleRepository(tmp.newFolder("samples"));
        models = new FakeModelRepository();
        models.modelBytes = Files.readAllBytes(PlantTestData.plantGe());
        history = new FakeDiagnosisRepository();
    }

    private DiagnoseViewModel vm() {
        return new DiagnoseViewModel(predictor, models, samples, history, direct, () -> new File(tmp.getRoot(), "scratch"));
    }

    /** A leaf-like picture: smooth greens with brown patches (colourful, textured, not noise). */
    private static byte[] leaf() throws IOException {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                int r = 50 + (int) (30 * Math.sin(x / 25.0)), g = 130 + (int) (60 * Math.cos(y / 35.0)), b = 40;
                double spot = Math.hypot(x - 100 - 80 * ((y / 60) % 2), y % 60 - 30);
                if (spot < 14) {
                    r = 140;
                    g = 80;
                    b = 30;
                }
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** Diagnoses {@code photo} and runs the main looper until the answer, its heat map and its history entry are in. */
    private Diagnosis diagnose(DiagnoseViewModel vm, byte[] photo) {
        vm.diagnose(() -> new ByteArrayInputStream(photo), SampleRepository.SOURCE_GALLERY);
        shadowOf(Looper.getMainLooper()).idle();
        return now(vm.diagnosis());
    }

    @Test
    public void aSureAnswerIsShownExplainedRecordedAndCanBeConfirmed() throws IOException {
        predictor.plant = FakePredictor.one(3, 1, 0.91f);
        DiagnoseViewModel vm = vm();
        assertEquals(FakeSampleRepository.PLANT_LABELS, now(vm.labels()));

        Diagnosis d = diagnose(vm, leaf());
        assertNotNull(d);
        assertNull(String.valueOf(now(vm.error())), now(vm.error()));
        assertEquals("rust", d.prediction.label());
        assertEquals(0.91f, d.prediction.probability(), 1e-6f);
        assertFalse(d.prediction.unsureReason(), d.unsure());
        assertTrue(d.offersConfirm());
        assertFalse(d.offersRetake());
        assertTrue(d.offersHeatmap());
        assertEquals(0, d.unsureAdvice());
        assertNotNull("Grad-CAM over the shipped GE: " + d.heatmapProblem, d.heatmap);
        assertEquals(d.photo.getWidth(), d.heatmap.getWidth());
        assertEquals(SampleRepository.SOURCE_GALLERY, d.source);
        assertEquals(Boolean.FALSE, now(vm.working()));

        List<DiagnosisRecord> recorded = history.list();
        assertEquals(1, recorded.size());
        assertEquals("rust", recorded.get(0).label);
        assertFalse(recorded.get(0).unsure);

        assertTrue(vm.confirm());
        List<SampleRecord> stored = samples.list(Domain.PLANT);
        assertEquals(1, stored.size());
        assertEquals("rust", stored.get(0).label);
        assertEquals(SampleRepository.SOURCE_GALLERY, stored.get(0).source);
        assertEquals("rust", now(vm.saved()));
    }

    @Test
    public void aLowConfidenceAnswerOffersRetakeAndTeachButNeverAConfirm() throws IOException {
        predictor.plant = FakePredictor.one(3, 1, 0.40f);
        DiagnoseViewModel vm = vm();
        Diagnosis d = diagnose(vm, leaf());
        assertTrue("below the threshold the model abstains", d.unsure());
        assertNull("the photo itself passed the checks", d.prediction.inputProblem());
        assertFalse(d.offersConfirm());
        assertTrue(d.offersRetake());
        assertFalse("no heat map for an answer the model does not give", d.offersHeatmap());
        assertEquals(R.string.plant_unsure_low_confidence, d.unsureAdvice());
        assertTrue("an abstention is recorded as such", history.list().get(0).unsure);

        assertFalse("there is no answer to confirm", vm.confirm());
        assertTrue(samples.list(Domain.PLANT).isEmpty());
        assertNull(now(vm.saved()));

        vm.saveAs("blight"); // teach: the user says what it is
        assertEquals("blight", samples.list(Domain.PLANT).get(0).label);
        assertEquals("blight", now(vm.saved()));
    }

    @Test
    public void aPhotoOfNoKnownCropIsUnsureWithThatAdviceHoweverSureTheModel() throws IOException {
        predictor.plant = FakePredictor.one(3, 1, 0.99f);
        predictor.unfamiliar = true; // its GE features are far from every reference photo (issue 18)
        DiagnoseViewModel vm = vm();
        Diagnosis d = diagnose(vm, leaf());
        assertTrue(d.unsure());
        assertTrue(d.prediction.unfamiliar());
        assertEquals(R.string.plant_unsure_unfamiliar, d.unsureAdvice());
        assertFalse(d.offersConfirm());
        assertTrue(d.offersRetake());
        assertFalse(vm.confirm());
        assertTrue(samples.list(Domain.PLANT).isEmpty());
    }

    @Test
    public void aFeaturelessPhotoIsUnsureWithAdviceAboutThePhotoHoweverSureTheModel() throws IOException {
        predictor.plant = FakePredictor.one(3, 0, 0.99f);
        DiagnoseViewModel vm = vm();
        Diagnosis d = diagnose(vm, Files.readAllBytes(PlantTestData.greySquare(tmp.getRoot()).toPath()));
        assertTrue(d.unsure());
        assertEquals(InputCheck.Problem.NEARLY_UNIFORM, d.prediction.inputProblem());
        assertEquals(R.string.plant_unsure_uniform, d.unsureAdvice());
        assertFalse(d.offersConfirm());
        assertTrue(d.offersRetake());
        assertFalse(vm.confirm());
        assertTrue(samples.list(Domain.PLANT).isEmpty());
    }

    @Test
    public void aPhotoThatCannotBeOpenedIsADiagnoseFailure() {
        DiagnoseViewModel vm = vm();
        IOException gone = new IOException("the file went away");
        vm.diagnose(() -> {
            throw gone;
        }, SampleRepository.SOURCE_CAMERA);
        assertEquals(R.string.plant_failed_diagnose, now(vm.error()).what);
        assertSame(gone, now(vm.error()).cause);
        assertEquals(Boolean.FALSE, now(vm.working()));
        assertNull(now(vm.diagnosis()));
        assertTrue(history.list().isEmpty());
        assertEquals("the model was never asked", 0, predictor.calls);
    }

    @Test
    public void anEmptyFileIsADiagnoseFailureAboutThePicture() {
        // (Empty, not garbage: Robolectric's SDK 26 bitmap shadow "decodes" any bytes into a blank picture.)
        DiagnoseViewModel vm = vm();
        diagnose(vm, new byte[0]);
        assertEquals(R.string.plant_failed_diagnose, now(vm.error()).what);
        assertTrue(String.valueOf(now(vm.error()).cause), now(vm.error()).cause instanceof DataException);
        assertEquals(Boolean.FALSE, now(vm.working()));
        assertNull(now(vm.diagnosis()));
        assertFalse("the scratch copy is removed", new File(tmp.getRoot(), "scratch").exists());
    }

    @Test
    public void aModelThatFailsIsADiagnoseFailure() throws IOException {
        IllegalStateException broken = new IllegalStateException("interpreter closed");
        predictor.failWith = broken;
        DiagnoseViewModel vm = vm();
        diagnose(vm, leaf());
        assertEquals(R.string.plant_failed_diagnose, now(vm.error()).what);
        assertSame(broken, now(vm.error()).cause);
        assertEquals(Boolean.FALSE, now(vm.working()));
        assertNull(now(vm.diagnosis()));
    }

    @Test
    public void aHistoryThatCannotBeWrittenIsAFailureButTheAnswerStays() throws IOException {
        IllegalStateException full = new IllegalStateException("database or disk is full");
        history = new FakeDiagnosisRepository() {
            @Override
            public synchronized DiagnosisRecord add(DiagnosisRecord d, byte[] jpeg) {
                throw full;
            }
        };
        DiagnoseViewModel vm = vm();
        Diagnosis d = diagnose(vm, leaf());
        assertEquals("rust", d.prediction.label());
        assertEquals(R.string.plant_failed_history, now(vm.error()).what);
        assertSame(full, now(vm.error()).cause);
        assertEquals(Boolean.FALSE, now(vm.working()));
    }

    @Test
    public void aRefusedNameIsASaveFailure() throws IOException {
        DiagnoseViewModel vm = vm();
        diagnose(vm, leaf());
        vm.saveAs("");
        assertEquals(R.string.plant_failed_save, now(vm.error()).what);
        assertTrue(now(vm.error()).cause instanceof Labels.Refused);
        assertTrue(samples.list(Domain.PLANT).isEmpty());
        assertNull(now(vm.saved()));
    }

    @Test
    public void labelsThatCannotBeReadAreALabelsFailure() {
        IllegalStateException closed = new IllegalStateException("database closed");
        samples = new FakeSampleRepository(tmp.getRoot()) {
            @Override
            public synchronized List<String> labels(String domain) {
                throw closed;
            }
        };
        DiagnoseViewModel vm = vm();
        assertEquals(R.string.plant_failed_labels, now(vm.error()).what);
        assertSame(closed, now(vm.error()).cause);
        assertNull(now(vm.labels()));
    }

    /** Runs what the view model posted to the main looper (LiveData.postValue), then reads {@code data}. */
}

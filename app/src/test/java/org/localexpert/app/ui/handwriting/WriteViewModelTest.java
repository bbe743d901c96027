package org.localexpert.app.ui.handwriting;

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
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.Labels;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.fake.FakePredictor;
import org.localexpert.app.fake.FakeSampleRepository;
import org.localexpert.core.data.Stroke;
import org.robolectric.annotation.Config;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * WriteViewModel on its own (no Fragment): fakes for the samples and the predictor, a direct executor for the
 * background work, and the main looper run by hand (Robolectric's paused looper) for what is posted to it: the
 * predictor's answers and LiveData.postValue.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
public class WriteViewModelTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private FakeSampleRepository samples;
    private final FakePredictor predictor = new FakePredictor();
    private final Executor direct = Runnable::run;

    @Before
    public void setUp() throws IOException {
        samples = new FakeSampleRepository(tmp.newFolder("samples"));
    }

    /** A "7"-like drawing: a bar and a diagonal. */
    private static List<Stroke> seven() {
        return Arrays.asList(new Stroke(new float[] {20, 20, 80, 20}, 8), new Stroke(new float[] {80, 20, 40, 100}, 8));
    }

    private static void runMainLooper() {
        shadowOf(Looper.getMainLooper()).idle();
    }

    @Test
    public void theLabelsAreTheRepositorysAndTheBackendIsRead() {
        samples.addLabel(Domain.HANDWRITING, "ü");
        WriteViewModel vm = new WriteViewModel(predictor, samples, direct);
        List<String> expected = new ArrayList<>(FakeSampleRepository.DIGITS);
        expected.add("ü");
        assertEquals(expected, now(vm.labels()));
        assertNull("nothing to say yet", now(vm.notice()));

        vm.onStrokesChanged(seven());
        runMainLooper();
        assertEquals("Fake predictor (tests)", now(vm.result()).backend);
    }

    @Test
    public void labelsThatCannotBeReadAreAFailureWithItsOwnWords() {
        IllegalStateException broken = new IllegalStateException("database closed");
        FakeSampleRepository failing = new FakeSampleRepository(tmp.getRoot()) {
            @Override
            public synchronized List<String> labels(String domain) {
                throw broken;
            }
        };
        WriteViewModel vm = new WriteViewModel(predictor, failing, direct);
        Notice n = now(vm.notice());
        assertNotNull(n);
        assertEquals(R.string.hand_labels_error, n.failure.what);
        assertSame(broken, n.failure.cause);
        assertNull(n.savedLabel);
        assertNull(now(vm.labels()));
    }

    @Test
    public void aDrawingIsPredictedAndTheResultKeepsTheModelInput() {
        predictor.handwriting = FakePredictor.one(10, 7, 0.93f);
        WriteViewModel vm = new WriteViewModel(predictor, samples, direct);
        vm.onStrokesChanged(seven());
        assertNull("the answer arrives on the main looper", vm.result().getValue());
        runMainLooper();

        WriteViewModel.Result r = now(vm.result());
        assertNotNull(r);
        assertEquals("7", r.prediction.label());
        assertEquals(0.93f, r.prediction.probability(), 1e-6f);
        assertFalse(r.prediction.unsure());
        assertEquals("a 28×28 model input", 28 * 28, r.input.length);
        assertEquals(1, predictor.calls);
        assertEquals(seven().size(), vm.strokes().size());
    }

    @Test
    public void clearingTheCanvasClearsTheResultWithoutAskingTheModel() {
        WriteViewModel vm = new WriteViewModel(predictor, samples, direct);
        vm.onStrokesChanged(seven());
        runMainLooper();
        assertNotNull(now(vm.result()));

        vm.onStrokesChanged(Collections.emptyList());
        assertNull(now(vm.result()));
        assertEquals("only the drawing was predicted", 1, predictor.calls);
    }

    @Test
    public void anAnswerForAnOlderDrawingIsDropped() {
        WriteViewModel vm = new WriteViewModel(predictor, samples, direct);
        vm.onStrokesChanged(seven());
        vm.onStrokesChanged(Collections.emptyList()); // cleared before the answer came
        runMainLooper();
        assertNull("the stale answer must not reappear", now(vm.result()));
    }

    @Test
    public void aPredictionThatFailsIsAFailureWithThePredictWords() {
        IOException unreadable = new IOException("model file damaged");
        predictor.failWith = unreadable;
        WriteViewModel vm = new WriteViewModel(predictor, samples, direct);
        vm.onStrokesChanged(seven());
        runMainLooper();
        Notice n = now(vm.notice());
        assertEquals(R.string.hand_predict_error, n.failure.what);
        assertSame(unreadable, n.failure.cause);
        assertNull(now(vm.result()));
    }

    @Test
    public void correctingWithoutADrawingStoresNothing() {
        WriteViewModel vm = new WriteViewModel(predictor, samples, direct);
        assertFalse(vm.correct("3"));
        assertTrue(samples.list(Domain.HANDWRITING).isEmpty());
        assertNull(now(vm.notice()));
    }

    @Test
    public void aCorrectionStoresTheDrawingAsASampleOfThatLabel() throws IOException {
        predictor.handwriting = FakePredictor.one(10, 1, 0.9f); // the model says 1; the user says 7
        WriteViewModel vm = new WriteViewModel(predictor, samples, direct);
        vm.onStrokesChanged(seven());
        runMainLooper();

        assertTrue(vm.correct("7"));
        List<SampleRecord> stored = samples.list(Domain.HANDWRITING);
        assertEquals(1, stored.size());
        assertEquals("7", stored.get(0).label);
        assertEquals(SampleRepository.SOURCE_CANVAS, stored.get(0).source);
        byte[] png = Files.readAllBytes(samples.imageFile(stored.get(0)).toPath());
        assertEquals("stored as PNG", (byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        Notice n = now(vm.notice());
        assertEquals("7", n.savedLabel);
        assertNull(n.failure);
    }

    @Test
    public void aRefusedLabelIsAFailureCarryingTheRefusal() {
        WriteViewModel vm = new WriteViewModel(predictor, samples, direct);
        vm.onStrokesChanged(seven());
        runMainLooper();

        assertTrue("something was drawn, so the correction is attempted", vm.correct("   "));
        Notice n = now(vm.notice());
        assertEquals(R.string.hand_error, n.failure.what);
        assertTrue(String.valueOf(n.failure.cause), n.failure.cause instanceof Labels.Refused);
        assertEquals(Labels.Refused.Reason.EMPTY, ((Labels.Refused) n.failure.cause).reason);
        assertTrue(samples.list(Domain.HANDWRITING).isEmpty());
    }

    /** Runs what the view model posted to the main looper (LiveData.postValue), then reads {@code data}. */
}

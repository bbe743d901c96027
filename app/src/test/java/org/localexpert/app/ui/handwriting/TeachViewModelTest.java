package org.localexpert.app.ui.handwriting;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.localexpert.app.ui.common.LiveDataNow.now;

import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.fake.FakeSampleRepository;
import org.localexpert.core.data.Stroke;
import org.robolectric.annotation.Config;

/**
 * TeachViewModel on its own (no Fragment): the screen a writer is sent to when the app says "I don't know this
 * character — teach it?". Fakes for the samples, a direct executor for the background work, the main looper run by
 * hand for what is posted to it.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
public class TeachViewModelTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private FakeSampleRepository samples;
    private final Executor direct = Runnable::run;

    @Before
    public void setUp() throws IOException {
        samples = new FakeSampleRepository(tmp.newFolder("samples"));
    }

    private static List<Stroke> circle() {
        float[] xy = new float[2 * 25];
        for (int i = 0; i < 25; i++) {
            double a = 2 * Math.PI * i / 24;
            xy[2 * i] = (float) (50 + 30 * Math.cos(a));
            xy[2 * i + 1] = (float) (50 + 30 * Math.sin(a));
        }
        return Collections.singletonList(new Stroke(xy, 6));
    }

    @Test
    public void theFirstCharacterIsPromptedAndEachIsAskedForTheMinimumTimesBeforeTheNext() {
        TeachViewModel vm = new TeachViewModel(samples, direct);
        assertEquals(FakeSampleRepository.DIGITS, now(vm.labels()));
        assertEquals("0", now(vm.prompt()));
        for (int i = 1; i < TeachViewModel.REPEATS; i++) {
            assertTrue(vm.save(circle()));
            assertEquals("0", now(vm.prompt()));
            assertEquals(Integer.valueOf(i), now(vm.round()));
        }
        assertTrue(vm.save(circle()));
        assertEquals("after " + TeachViewModel.REPEATS + " drawings the prompt moves on", "1", now(vm.prompt()));
        assertEquals(Integer.valueOf(0), now(vm.round()));
        assertEquals(Integer.valueOf(TeachViewModel.REPEATS), now(vm.counts()).get("0"));
        Notice n = now(vm.notice());
        assertEquals("0", n.savedLabel);
        List<SampleRecord> stored = samples.list(Domain.HANDWRITING);
        assertEquals(TeachViewModel.REPEATS, stored.size());
        for (SampleRecord s : stored) assertEquals(SampleRepository.SOURCE_CANVAS, s.source);
    }

    @Test
    public void aNewSymbolIsAddedAndPromptedAtOnceAndTheLastCharacterWrapsToTheFirst() {
        TeachViewModel vm = new TeachViewModel(samples, direct);
        vm.addLabel("  Ω ");
        List<String> expected = new ArrayList<>(FakeSampleRepository.DIGITS);
        expected.add("Ω");
        assertEquals(expected, now(vm.labels()));
        assertEquals("the new symbol is asked for right away, trimmed", "Ω", now(vm.prompt()));
        assertNull("nothing went wrong", now(vm.notice()));
        for (int i = 0; i < TeachViewModel.REPEATS; i++) assertTrue(vm.save(circle()));
        assertEquals("after the last character comes the first", "0", now(vm.prompt()));
        assertEquals(Integer.valueOf(TeachViewModel.REPEATS), now(vm.counts()).get("Ω"));
    }

    @Test
    public void aLabelTheRepositoryRefusesSaysWhyAndIsNotAdded() {
        TeachViewModel vm = new TeachViewModel(samples, direct);
        vm.addLabel("a/b");
        Notice n = now(vm.notice());
        assertNotNull(n);
        assertEquals(R.string.teach_label_refused, n.failure.what);
        assertTrue(n.failure.cause.getMessage(), n.failure.cause.getMessage().contains("/"));
        assertEquals(FakeSampleRepository.DIGITS, now(vm.labels()));
        assertEquals("0", now(vm.prompt()));
    }

    @Test
    public void anEmptyCanvasIsNotStoredAndTheUserIsAskedToDrawFirst() {
        TeachViewModel vm = new TeachViewModel(samples, direct);
        now(vm.prompt());
        assertFalse(vm.save(Collections.emptyList()));
        assertEquals(R.string.hand_draw_first, now(vm.notice()).hint);
        assertEquals(Integer.valueOf(0), now(vm.round()));
        assertTrue(samples.list(Domain.HANDWRITING).isEmpty());
    }

    @Test
    public void aSampleThatCannotBeStoredIsAFailureInItsOwnWords() {
        IllegalStateException full = new IllegalStateException("disk full");
        FakeSampleRepository failing = new FakeSampleRepository(new File(tmp.getRoot(), "failing")) {
            @Override
            public synchronized SampleRecord add(String domain, String label, byte[] encodedImage, String source) {
                throw full;
            }
        };
        TeachViewModel vm = new TeachViewModel(failing, direct);
        now(vm.prompt());
        assertTrue("the drawing was taken; storing it failed", vm.save(circle()));
        Notice n = now(vm.notice());
        assertEquals(R.string.hand_error, n.failure.what);
        assertSame(full, n.failure.cause);
        assertNull(n.savedLabel);
    }

    @Test
    public void theCanvasSurvivesARotationThroughTheViewModel() {
        TeachViewModel vm = new TeachViewModel(samples, direct);
        List<Stroke> half = Arrays.asList(circle().get(0));
        vm.onStrokesChanged(half);
        assertSame(half, vm.strokes());
    }
}

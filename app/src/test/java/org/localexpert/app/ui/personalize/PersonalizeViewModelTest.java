package org.localexpert.app.ui.personalize;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.localexpert.app.ui.common.LiveDataNow.now;

import androidx.test.ext.junit.runners.AndroidJUnit4;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ModelInfo;
import org.localexpert.app.data.TrainingStatus;
import org.localexpert.app.fake.FakeModelRepository;
import org.localexpert.app.fake.FakeSampleRepository;
import org.localexpert.app.fake.FakeTrainingRepository;
import org.robolectric.annotation.Config;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * PersonalizeViewModel on its own (no Fragment), against the fakes with a direct executor: readiness from the sample
 * counts, training status as the screen shows it (progress, words, which buttons), failures with the words of the
 * action that failed, rollback.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
public class PersonalizeViewModelTest {
    private static final String HAND = Domain.HANDWRITING;

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private FakeSampleRepository samples;
    private final FakeModelRepository models = new FakeModelRepository();
    private final FakeTrainingRepository training = new FakeTrainingRepository(models);
    private final Executor direct = Runnable::run;

    @Before
    public void setUp() throws IOException {
        samples = new FakeSampleRepository(tmp.newFolder("samples"));
        samples.minimumPerClass = 3;
    }

    private void add(String label, int n) {
        for (int i = 0; i < n; i++) samples.add(HAND, label, new byte[] {1, 2, 3}, "canvas");
    }

    private PersonalizeViewModel vm() {
        return new PersonalizeViewModel(HAND, samples, models, training, direct);
    }

    @Test
    public void readinessListsEveryLabelWithItsCountAgainstTheMinimum() {
        add("1", 3);
        add("2", 1);
        PersonalizeViewModel vm = vm();
        PersonalizeViewModel.Readiness r = now(vm.readiness());
        assertEquals(3, r.minimum);
        assertEquals("every shipped label, in order, with 0 for the untaught", FakeSampleRepository.DIGITS, Arrays.asList(r.counts.keySet().toArray()));
        assertEquals(Integer.valueOf(3), r.counts.get("1"));
        assertEquals(Integer.valueOf(1), r.counts.get("2"));
        assertEquals(Integer.valueOf(0), r.counts.get("0"));
        assertEquals(Collections.singletonList("1"), r.readyClasses());
        assertEquals(Collections.singletonList("2"), r.shortClasses());
        assertFalse(r.canTrain());
        assertFalse(settled(vm).canTrain());
        assertEquals("the shipped model is active", "shipped", now(vm.active()).version);
        assertEquals(1, now(vm.history()).size());
        assertNull(now(vm.error()));
    }

    @Test
    public void twoFullClassesAndNoShortOneAllowTraining() {
        add("1", 3);
        add("2", 3);
        PersonalizeViewModel vm = vm();
        assertTrue(now(vm.readiness()).canTrain());
        assertTrue(settled(vm).canTrain());

        add("3", 2); // a class started but short blocks training until it is filled (refresh re-reads)
        vm.refresh();
        assertFalse(settled(vm).canTrain());
        assertEquals(Collections.singletonList("3"), now(vm.readiness()).shortClasses());
    }

    @Test
    public void trainingStatusMapsToProgressWordsAndButtons() {
        add("1", 3);
        add("2", 3);
        PersonalizeViewModel vm = vm();
        PersonalizeViewModel.StatusView idle = PersonalizeViewModel.describe(now(vm.status()));
        assertFalse(idle.working);
        assertEquals(R.string.personalize_state_idle, idle.words);

        vm.train();
        assertEquals(1, training.starts);
        PersonalizeViewModel.StatusView queued = PersonalizeViewModel.describe(now(vm.status()));
        assertTrue(queued.working);
        assertTrue(queued.indeterminate);
        assertEquals(R.string.personalize_state_enqueued, queued.words);
        assertFalse("no second start while queued", settled(vm).canTrain());

        training.progress(HAND, 0.426f, "Learning your writing…");
        PersonalizeViewModel.StatusView running = PersonalizeViewModel.describe(now(vm.status()));
        assertTrue(running.working);
        assertFalse(running.indeterminate);
        assertEquals(426, running.permille);
        assertEquals(43, running.percent);
        assertEquals(R.string.personalize_state_running, running.words);
        assertEquals("Learning your writing…", running.detail);
        assertFalse(settled(vm).canTrain());
        assertFalse(settled(vm).canRollback());

        ModelInfo installed = training.succeed(HAND, 0.5f, 0.9f);
        PersonalizeViewModel.StatusView done = PersonalizeViewModel.describe(now(vm.status()));
        assertFalse(done.working);
        assertEquals(1000, done.permille);
        assertEquals(R.string.personalize_state_succeeded, done.words);
        assertEquals(installed.version, done.detail);

        vm.refresh(); // what the screen does on SUCCEEDED
        assertEquals(installed.version, now(vm.active()).version);
        assertTrue(now(vm.active()).personal);
        assertTrue("a personal model can be rolled back once training is over", settled(vm).canRollback());
        assertTrue(settled(vm).canTrain());
        assertEquals(2, now(vm.history()).size());
    }

    @Test
    public void aFailedRunShowsTheWorkersAdviceAndACancelledOneSaysSo() {
        PersonalizeViewModel vm = vm();
        training.fail(HAND, "Add more samples of each class.");
        PersonalizeViewModel.StatusView failed = PersonalizeViewModel.describe(now(vm.status()));
        assertFalse(failed.working);
        assertEquals(R.string.training_failed, failed.words);
        assertEquals("Add more samples of each class.", failed.detail);

        assertNull("no advice from the worker: the screen gives the generic one",
                PersonalizeViewModel.describe(new TrainingStatus(TrainingStatus.State.FAILED, 0, null, null)).detail);

        vm.cancel();
        assertEquals(1, training.cancels);
        PersonalizeViewModel.StatusView cancelled = PersonalizeViewModel.describe(now(vm.status()));
        assertFalse(cancelled.working);
        assertEquals(R.string.personalize_state_cancelled, cancelled.words);
        assertEquals("nothing known yet is shown as idle", R.string.personalize_state_idle, PersonalizeViewModel.describe(null).words);
    }

    @Test
    public void progressOutsideZeroToOneIsClamped() {
        assertEquals(1000, PersonalizeViewModel.describe(new TrainingStatus(TrainingStatus.State.RUNNING, 1.7f, "x", null)).permille);
        assertEquals(0, PersonalizeViewModel.describe(new TrainingStatus(TrainingStatus.State.RUNNING, -0.2f, "x", null)).percent);
        assertEquals("a running status without words shows none", "",
                PersonalizeViewModel.describe(new TrainingStatus(TrainingStatus.State.RUNNING, 0.1f, null, null)).detail);
    }

    @Test
    public void rollbackMakesThePreviousModelActive() {
        models.addPersonal(HAND, 0.5f, 0.8f, null);
        ModelInfo second = models.addPersonal(HAND, 0.5f, 0.9f, null);
        PersonalizeViewModel vm = vm();
        assertEquals(second.version, now(vm.active()).version);

        vm.rollback();
        assertEquals("v1", now(vm.active()).version);
        List<ModelInfo> history = now(vm.history());
        assertEquals(3, history.size());
        assertFalse(history.get(0).active);
        assertTrue(history.get(1).active);
        assertNull(now(vm.error()));
    }

    @Test
    public void eachFailingActionIsAFailureWithItsOwnWordsAndASuccessClearsIt() {
        IllegalStateException readFails = new IllegalStateException("disk I/O error");
        FakeSampleRepository broken = new FakeSampleRepository(tmp.getRoot()) {
            @Override
            public synchronized Map<String, Integer> countsByLabel(String domain) {
                throw readFails;
            }
        };
        PersonalizeViewModel unreadable = new PersonalizeViewModel(HAND, broken, models, training, direct);
        assertEquals(R.string.personalize_failed_read, now(unreadable.error()).what);
        assertSame(readFails, now(unreadable.error()).cause);
        assertNull(now(unreadable.readiness()));

        RuntimeException cannotStart = new IllegalStateException("WorkManager is not initialised");
        RuntimeException cannotCancel = new IllegalStateException("cancel refused");
        RuntimeException cannotRollBack = new IllegalStateException("store damaged");
        FakeTrainingRepository refusing = new FakeTrainingRepository(models) {
            @Override
            public synchronized void start(String domain) {
                throw cannotStart;
            }

            @Override
            public synchronized void cancel(String domain) {
                throw cannotCancel;
            }
        };
        FakeModelRepository stuck = new FakeModelRepository() {
            @Override
            public synchronized void rollback(String domain) {
                throw cannotRollBack;
            }
        };
        PersonalizeViewModel vm = new PersonalizeViewModel(HAND, samples, stuck, refusing, direct);
        assertNull(now(vm.error()));
        vm.train();
        assertEquals(R.string.personalize_failed_start, now(vm.error()).what);
        assertSame(cannotStart, now(vm.error()).cause);
        vm.cancel();
        assertEquals(R.string.personalize_failed_cancel, now(vm.error()).what);
        vm.rollback();
        assertEquals(R.string.personalize_failed_rollback, now(vm.error()).what);
        assertSame(cannotRollBack, now(vm.error()).cause);

        vm.refresh();
        assertNull("an action that works clears the last failure", now(vm.error()));
    }

    /** Runs what the view model posted to the main looper (LiveData.postValue), then reads {@code data}. */

    /** {@code vm} once what it posted has been delivered. */
    private static PersonalizeViewModel settled(PersonalizeViewModel vm) {
        org.robolectric.Shadows.shadowOf(android.os.Looper.getMainLooper()).idle();
        return vm;
    }
}

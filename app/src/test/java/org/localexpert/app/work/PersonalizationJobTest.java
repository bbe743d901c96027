package org.localexpert.app.work;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import android.content.Context;

import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.localexpert.app.data.AndroidImageDecoder;
import org.localexpert.app.data.AppFiles;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.data.Sha256;
import org.localexpert.app.data.ShippedModels;
import org.localexpert.app.data.local.TrainingRunEntity;
import org.localexpert.app.fake.FakeModelInstaller;
import org.localexpert.app.fake.FakeSampleRepository;
import org.localexpert.app.fake.FakeTrainingRunStore;
import org.localexpert.app.inference.EngineFactory;
import org.localexpert.core.data.DataException;
import org.localexpert.core.moe.PersonalizationException;
import org.localexpert.core.store.AtomicFile;
import org.localexpert.core.store.FileSystemFaults;
import org.localexpert.core.store.IoHooks;
import org.localexpert.core.store.ModelVersion;
import org.robolectric.annotation.Config;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The training job against in-memory fakes (no Room, no WorkManager): the run rows in {@link FakeTrainingRunStore},
 * the samples in {@link FakeSampleRepository} (real MNIST digits as PNG files), installs into ml-core's model store
 * through {@link FakeModelInstaller}. Training itself is real (3 classes, 6 training samples each: about a second).
 * Covers success, resume from the training checkpoint and after installing, failures marking the run FAILED with
 * its reason, and a stop leaving the run resumable.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
public class PersonalizationJobTest {
    private static final String HAND = Domain.HANDWRITING;
    private static final List<String> CLASSES = Arrays.asList("0", "1", "2");
    private static final int PER_CLASS = 8;

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private FakeTrainingRunStore runs;
    private FakeSampleRepository samples;
    private FakeModelInstaller installer;
    private AppFiles files;
    private ShippedModels shipped;

    /** Every progress report of a run. */
    private final List<Float> fractions = new ArrayList<>();
    private final List<TrainingStep> steps = new ArrayList<>();

    @Before
    public void setUp() throws IOException {
        Context context = ApplicationProvider.getApplicationContext();
        shipped = new ShippedModels(ShippedModels.of(context.getAssets()));
        runs = new FakeTrainingRunStore();
        samples = new FakeSampleRepository(tmp.newFolder("samples"));
        installer = new FakeModelInstaller(tmp.newFolder("models"), shipped);
        files = new AppFiles(tmp.newFolder("files"), tmp.newFolder("cache"));
    }

    private PersonalizationJob job() {
        return new PersonalizationJob(runs, samples, installer, shipped, new Personalizers(shipped, EngineFactory.JAVA), files,
                new AtomicFile(IoHooks.NONE), new AndroidImageDecoder());
    }

    private void addDigits() {
        for (MnistSamples.Digit d : MnistSamples.digits(CLASSES, PER_CLASS, 0)) {
            samples.add(HAND, d.label, d.png, SampleRepository.SOURCE_CANVAS);
        }
    }

    private PersonalizationJob.Result run(PersonalizationJob job) {
        fractions.clear();
        steps.clear();
        return job.run(HAND, (fraction, step) -> {
            fractions.add(fraction);
            steps.add(step);
        }, () -> false);
    }

    private int heldOut() {
        return samples.list(HAND, true).size();
    }

    @Test
    public void aRunTrainsEvaluatesInstallsAndEndsSucceeded() {
        addDigits();
        PersonalizationJob.Result r = run(job());

        assertEquals(PersonalizationJob.Stage.STARTED, r.resumedFrom);
        assertTrue("a fresh run trains", r.trained);
        assertEquals("the fake's rule holds 2 of every 8 out", 6, heldOut());
        assertEquals(6, r.metrics.heldOut);
        assertEquals("per class, for the classes taught", CLASSES.size(), r.metrics.perClass.size());
        assertTrue("after-accuracy is a share: " + r.metrics.after, r.metrics.after >= 0f && r.metrics.after <= 1f);
        assertTrue("before-accuracy is a share: " + r.metrics.before, r.metrics.before >= 0f && r.metrics.before <= 1f);

        TrainingRunEntity row = runs.byId(r.runId);
        assertEquals(TrainingRunEntity.SUCCEEDED, row.state);
        assertEquals(PersonalizationJob.Stage.DONE.name(), row.stage);
        assertEquals(1f, row.progress, 0f);
        assertNull(row.error);
        assertTrue(row.finished > 0);
        assertEquals(r.version.id(), row.modelVersion);
        assertNull("nothing left to resume", runs.unfinished(HAND));

        assertEquals(1, installer.installs().size());
        FakeModelInstaller.Install install = installer.installs().get(0);
        assertEquals(r.runId, install.runId);
        assertEquals("the checkpoint's hash is the installed model's", row.candidateSha256, Sha256.hex(install.model));
        assertEquals(r.version, installer.installedBy(HAND, r.runId));
        assertFalse("the checkpoint is deleted once installed", job().candidateFile(HAND, r.runId).exists());

        // Progress only goes forward and passes through every step, ending at DONE.
        for (int i = 1; i < fractions.size(); i++) {
            assertTrue("progress went back at " + i + ": " + fractions, fractions.get(i) >= fractions.get(i - 1));
        }
        assertEquals(1f, fractions.get(fractions.size() - 1), 0f);
        assertEquals(TrainingStep.DONE, steps.get(steps.size() - 1));
        assertEquals(EnumSet.of(TrainingStep.READING, TrainingStep.LEARNING, TrainingStep.FITTING, TrainingStep.MEASURING,
                TrainingStep.INSTALLING, TrainingStep.DONE), EnumSet.copyOf(steps));
    }

    @Test
    public void aRunKilledAfterTrainingResumesFromItsCheckpointWithoutTrainingAgain() throws IOException {
        addDigits();
        PersonalizationJob killed = job().stageHook(stage -> {
            if (stage == PersonalizationJob.Stage.TRAINED) throw new FileSystemFaults.SimulatedCrash("killed after training");
        });
        try {
            run(killed);
            fail("the process should have died");
        } catch (FileSystemFaults.SimulatedCrash expected) {
            // the process is gone
        }
        TrainingRunEntity left = runs.unfinished(HAND);
        assertNotNull("a killed run stays RUNNING", left);
        assertEquals(PersonalizationJob.Stage.TRAINED.name(), left.stage);
        File candidate = job().candidateFile(HAND, left.id);
        assertTrue("the checkpoint is on disk", candidate.isFile());
        byte[] checkpoint = Files.readAllBytes(candidate.toPath());
        assertEquals(Sha256.hex(checkpoint), left.candidateSha256);
        assertTrue("nothing installed yet", installer.installs().isEmpty());

        PersonalizationJob.Result r = run(job());
        assertEquals("the same run goes on", left.id, r.runId);
        assertEquals(PersonalizationJob.Stage.TRAINED, r.resumedFrom);
        assertFalse("the checkpoint spares training", r.trained);
        assertFalse("no training step when resuming from the checkpoint", steps.contains(TrainingStep.LEARNING));
        assertEquals(1, installer.installs().size());
        assertArrayEquals("what is installed is the checkpoint", checkpoint, installer.installs().get(0).model);
        assertEquals(TrainingRunEntity.SUCCEEDED, runs.byId(r.runId).state);
        assertFalse(candidate.exists());
    }

    @Test
    public void aCheckpointThatDoesNotMatchItsHashIsTrainedAgain() throws IOException {
        addDigits();
        try {
            run(job().stageHook(stage -> {
                if (stage == PersonalizationJob.Stage.TRAINED) throw new FileSystemFaults.SimulatedCrash("killed after training");
            }));
            fail("the process should have died");
        } catch (FileSystemFaults.SimulatedCrash expected) {
            // the process is gone
        }
        TrainingRunEntity left = runs.unfinished(HAND);
        File candidate = job().candidateFile(HAND, left.id);
        byte[] good = Files.readAllBytes(candidate.toPath());
        Files.write(candidate.toPath(), "torn".getBytes(StandardCharsets.US_ASCII));

        PersonalizationJob.Result r = run(job());
        assertEquals(left.id, r.runId);
        assertTrue("a damaged checkpoint is not trusted", r.trained);
        assertArrayEquals("seeded training gives the same model again", good, installer.installs().get(0).model);
    }

    @Test
    public void aRunKilledAfterInstallingDoesNotInstallTwice() {
        addDigits();
        try {
            run(job().stageHook(stage -> {
                if (stage == PersonalizationJob.Stage.INSTALLED) throw new FileSystemFaults.SimulatedCrash("killed after installing");
            }));
            fail("the process should have died");
        } catch (FileSystemFaults.SimulatedCrash expected) {
            // the process is gone
        }
        TrainingRunEntity left = runs.unfinished(HAND);
        assertEquals(PersonalizationJob.Stage.INSTALLED.name(), left.stage);
        assertNotNull(left.modelVersion);
        ModelVersion first = installer.installedBy(HAND, left.id);
        assertEquals(first.id(), left.modelVersion);

        PersonalizationJob.Result r = run(job());
        assertEquals(PersonalizationJob.Stage.INSTALLED, r.resumedFrom);
        assertEquals("installed once", 1, installer.installs().size());
        assertEquals(first, r.version);
        assertFalse(steps.contains(TrainingStep.INSTALLING));
        assertEquals(TrainingRunEntity.SUCCEEDED, runs.byId(r.runId).state);
    }

    @Test
    public void samplesOfOneClassOnlyFailTheRunWithTheReason() {
        for (MnistSamples.Digit d : MnistSamples.digits(Arrays.asList("7"), PER_CLASS, 0)) {
            samples.add(HAND, d.label, d.png, SampleRepository.SOURCE_CANVAS);
        }
        PersonalizationJob.Failed failed = expectFailed();
        assertTrue(failed.getCause() instanceof PersonalizationException);
        assertTrue(failed.getMessage(), failed.getMessage().startsWith("all samples are of '7'"));

        TrainingRunEntity row = onlyRun();
        assertEquals(TrainingRunEntity.FAILED, row.state);
        assertEquals(failed.getMessage(), row.error);
        assertTrue(row.finished > 0);
        assertNull("a failed run is never resumed", runs.unfinished(HAND));
        assertTrue(installer.installs().isEmpty());
    }

    @Test
    public void anUnreadableSampleFailsTheRunNamingTheSample() {
        addDigits();
        SampleRecord broken = samples.add(HAND, "1", "not a picture".getBytes(StandardCharsets.US_ASCII), SampleRepository.SOURCE_CANVAS);

        PersonalizationJob.Failed failed = expectFailed();
        assertTrue(String.valueOf(failed.getCause()), failed.getCause() instanceof DataException);
        TrainingRunEntity row = onlyRun();
        assertEquals(TrainingRunEntity.FAILED, row.state);
        assertTrue(row.error, row.error.startsWith("your sample #" + broken.id + " (1) cannot be used"));
        assertFalse("a failed run's checkpoint is removed", job().candidateFile(HAND, row.id).exists());
        assertTrue(installer.installs().isEmpty());
    }

    @Test
    public void aStorageFailureWhileInstallingFailsTheRunAndRemovesItsCheckpoint() {
        addDigits();
        installer.failWith = new IOException("No space left on device");

        PersonalizationJob.Failed failed = expectFailed();
        assertEquals("No space left on device", failed.getMessage());
        TrainingRunEntity row = onlyRun();
        assertEquals(TrainingRunEntity.FAILED, row.state);
        assertEquals("No space left on device", row.error);
        assertEquals("the row keeps the last stage reached", PersonalizationJob.Stage.EVALUATED.name(), row.stage);
        assertFalse(job().candidateFile(HAND, row.id).exists());

        // The next start is a new run, which succeeds once there is room.
        installer.failWith = null;
        PersonalizationJob.Result r = run(job());
        assertNotEquals(row.id, r.runId);
        assertEquals(PersonalizationJob.Stage.STARTED, r.resumedFrom);
        assertEquals(TrainingRunEntity.SUCCEEDED, runs.byId(r.runId).state);
    }

    @Test
    public void aStoppedRunStaysResumableAndTheNextRunFinishesIt() {
        addDigits();
        Set<PersonalizationJob.Stage> reached = EnumSet.noneOf(PersonalizationJob.Stage.class);
        try {
            job().stageHook(reached::add).run(HAND, (f, s) -> { }, () -> reached.contains(PersonalizationJob.Stage.LOADED));
            fail("the run should have stopped");
        } catch (PersonalizationJob.Stopped expected) {
            // cancelled, or stopped by the system
        }
        TrainingRunEntity left = runs.unfinished(HAND);
        assertNotNull("a stopped run stays resumable", left);
        assertEquals(TrainingRunEntity.RUNNING, left.state);
        assertEquals(PersonalizationJob.Stage.LOADED.name(), left.stage);
        assertNull(left.error);
        assertNull("stopped before training finished: no checkpoint", left.candidateSha256);
        assertTrue(installer.installs().isEmpty());

        PersonalizationJob.Result r = run(job());
        assertEquals(left.id, r.runId);
        assertEquals(PersonalizationJob.Stage.LOADED, r.resumedFrom);
        assertTrue(r.trained);
        assertEquals(1, runs.all().size());
        assertEquals(TrainingRunEntity.SUCCEEDED, runs.byId(r.runId).state);
    }

    @Test
    public void aStoppedRunThatWasCancelledIsNotResumed() {
        addDigits();
        try {
            job().run(HAND, (f, s) -> { }, () -> true);
            fail("the run should have stopped");
        } catch (PersonalizationJob.Stopped expected) {
            // the user cancelled
        }
        long stopped = runs.unfinished(HAND).id;
        runs.cancelUnfinished(HAND, System.currentTimeMillis()); // what the training repository's cancel records
        assertEquals(TrainingRunEntity.CANCELLED, runs.byId(stopped).state);

        PersonalizationJob.Result r = run(job());
        assertNotEquals("a cancelled run is not picked up again", stopped, r.runId);
        assertEquals(PersonalizationJob.Stage.STARTED, r.resumedFrom);
        assertEquals(TrainingRunEntity.CANCELLED, runs.byId(stopped).state);
    }

    private PersonalizationJob.Failed expectFailed() {
        try {
            run(job());
        } catch (PersonalizationJob.Failed e) {
            return e;
        }
        throw new AssertionError("the run should have failed");
    }

    private TrainingRunEntity onlyRun() {
        List<TrainingRunEntity> all = runs.all();
        assertEquals(1, all.size());
        return all.get(0);
    }
}

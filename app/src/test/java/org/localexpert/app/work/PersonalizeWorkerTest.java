package org.localexpert.app.work;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import android.util.Log;

import androidx.concurrent.futures.ResolvableFuture;
import androidx.lifecycle.LiveData;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import androidx.work.Configuration;
import androidx.work.Data;
import androidx.work.ForegroundUpdater;
import androidx.work.ListenableWorker;
import androidx.work.WorkInfo;
import androidx.work.testing.SynchronousExecutor;
import androidx.work.testing.TestListenableWorkerBuilder;
import androidx.work.testing.WorkManagerTestInitHelper;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ModelInfo;
import org.localexpert.app.data.PersonalModelVerifier;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.data.TrainingStatus;
import org.localexpert.app.data.local.TrainingRunEntity;
import org.localexpert.app.inference.InferenceThread;
import org.localexpert.app.ui.common.UiWait;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.predict.Prediction;
import org.localexpert.core.store.FileSystemFaults;
import org.localexpert.core.store.IoHooks;
import org.robolectric.annotation.Config;
import org.robolectric.shadows.ShadowLog;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * "Train my model" end to end on real handwritten digits (MNIST test, 8 per class written as PNG samples, 2 per
 * class held out by the app's rule): WorkManager (test helpers) runs PersonalizeWorker, which activates a new
 * verified model whose held-out accuracy the status reports; cancel; a killed worker resumes from its checkpoint
 * and ends with the same model as an uninterrupted run; rollback restores the previous model.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36)
public class PersonalizeWorkerTest {
    private static final int PER_CLASS = 8;
    private TestPhone phone;

    @Before
    public void setUp() {
        Configuration config = new Configuration.Builder().setMinimumLoggingLevel(Log.INFO).setExecutor(new SynchronousExecutor()).build();
        WorkManagerTestInitHelper.initializeTestWorkManager(org.robolectric.RuntimeEnvironment.getApplication(), config);
        phone = new TestPhone("worker", IoHooks.NONE);
    }

    @After
    public void tearDown() {
        phone.close();
    }

    private void addDigits(int from) {
        for (MnistSamples.Digit d : MnistSamples.digits(Mnist.LABELS, PER_CLASS, from)) {
            phone.container.samples().add(Domain.HANDWRITING, d.label, d.png, SampleRepository.SOURCE_CANVAS);
        }
    }

    @Test
    public void workerTrainsOnRealDigitsAndActivatesAVerifiedModel() throws Exception {
        addDigits(0);
        List<SampleRecord> all = phone.container.samples().list(Domain.HANDWRITING);
        assertEquals(10 * PER_CLASS, all.size());
        int held = 0;
        for (SampleRecord s : all) if (s.heldOut) held++;
        assertEquals("2 of 8 per class held out", 20, held);

        LiveData<TrainingStatus> status = phone.container.training().status(Domain.HANDWRITING);
        status.observeForever(s -> { });
        long t0 = System.nanoTime();
        phone.container.training().start(Domain.HANDWRITING);
        // SUCCEEDED is shown once the installed model has been read on the io thread and handed to the main thread.
        UiWait.until("the trained model in the status", () -> status.getValue().result != null, 60_000);
        TrainingStatus s = status.getValue();
        System.out.printf(Locale.ROOT, "worker: %s in %.1f s%n", s, (System.nanoTime() - t0) / 1e9);
        assertEquals(s.toString(), TrainingStatus.State.SUCCEEDED, s.state);
        ModelInfo m = s.result;
        assertNotNull(m);
        assertTrue(m.personal);
        assertTrue(m.active);
        assertEquals("v1", m.version);
        assertFalse(Float.isNaN(m.accuracyAfter));
        assertFalse(Float.isNaN(m.accuracyBefore));
        assertEquals(10, m.perClass.size());
        System.out.printf(Locale.ROOT, "held-out accuracy: shipped GE %.3f -> personal %.3f%n", m.accuracyBefore, m.accuracyAfter);
        assertTrue("personal model held-out accuracy " + m.accuracyAfter, m.accuracyAfter >= 0.9f);
        assertEquals(m.version, phone.container.models().active(Domain.HANDWRITING).version);
        // What is active passes every check again: loads, GPU-compatible, this GE's hash, a mixture.
        new PersonalModelVerifier(Domain.HANDWRITING, shippedModels()).verify(phone.models().activeBytes(Domain.HANDWRITING));
        // The predictor reloads it: a real prediction from the mixture.
        Prediction p = ((InferenceThread) phone.container.predictor()).predictNow(Domain.HANDWRITING, MnistSamples.digits(Mnist.LABELS, 1, 5000).get(3).pixels);
        assertEquals("3", p.label());
        assertFalse("the mixture has a gate", Float.isNaN(p.gate()));
        assertEquals("Java engine (tests)", phone.container.predictor().backend(Domain.HANDWRITING));
        // The run is recorded and its checkpoint removed.
        TrainingRunEntity run = phone.db.trainingRuns().byDomain(Domain.HANDWRITING).get(0);
        assertEquals(TrainingRunEntity.SUCCEEDED, run.state);
        assertEquals("v1", run.modelVersion);
        String[] left = phone.files().training(Domain.HANDWRITING).list();
        assertEquals("checkpoint removed", 0, left == null ? 0 : left.length);
        assertEquals(1, phone.db.personalModels().byDomain(Domain.HANDWRITING).size());
    }

    private org.localexpert.app.data.ShippedModels shippedModels() {
        return new org.localexpert.app.data.ShippedModels(org.localexpert.app.data.ShippedModels.of(phone.context.getAssets()));
    }

    private PersonalizeWorker worker() {
        return TestListenableWorkerBuilder.from(phone.context, PersonalizeWorker.class)
                .setInputData(new Data.Builder().putString(PersonalizeWorker.KEY_DOMAIN, Domain.HANDWRITING).build())
                .build();
    }

    @Test
    public void cancelStopsTrainingAndKeepsTheActiveModel() throws Exception {
        addDigits(0);
        PersonalizeWorker w = worker();
        CountDownLatch loaded = new CountDownLatch(1), cancelled = new CountDownLatch(1);
        phone.job().stageHook(stage -> {
            if (stage == PersonalizationJob.Stage.LOADED) {
                loaded.countDown();
                try {
                    cancelled.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        final ListenableWorker.Result[] result = new ListenableWorker.Result[1];
        Thread t = new Thread(() -> result[0] = w.doWork());
        t.start();
        assertTrue(loaded.await(60, TimeUnit.SECONDS));
        // What the Cancel button does: the run is marked cancelled, WorkManager stops the worker.
        phone.db.trainingRuns().cancelUnfinished(Domain.HANDWRITING, System.currentTimeMillis());
        w.stop(WorkInfo.STOP_REASON_CANCELLED_BY_APP);
        cancelled.countDown();
        t.join(60_000);
        assertTrue(result[0] instanceof ListenableWorker.Result.Failure);
        assertEquals("stopped", result[0].getOutputData().getString(PersonalizeWorker.KEY_ERROR));
        assertFalse("nothing installed", phone.container.models().active(Domain.HANDWRITING).personal);
        assertEquals(TrainingRunEntity.CANCELLED, phone.db.trainingRuns().byDomain(Domain.HANDWRITING).get(0).state);
        assertEquals(null, phone.db.trainingRuns().unfinished(Domain.HANDWRITING));
        // A new start is a fresh run, not the cancelled one.
        phone.job().stageHook(PersonalizationJob.StageHook.NONE);
        ListenableWorker.Result again = worker().doWork();
        assertTrue(again instanceof ListenableWorker.Result.Success);
        assertEquals(2, phone.db.trainingRuns().byDomain(Domain.HANDWRITING).size());
    }

    @Test
    public void killedWorkerResumesFromItsCheckpointWithTheSameModel() throws Exception {
        addDigits(0);
        // Reference: an uninterrupted run on another phone with the same samples.
        byte[] referenceProbe;
        try (TestPhone other = new TestPhone("reference", IoHooks.NONE)) {
            for (MnistSamples.Digit d : MnistSamples.digits(Mnist.LABELS, PER_CLASS, 0)) {
                other.container.samples().add(Domain.HANDWRITING, d.label, d.png, SampleRepository.SOURCE_CANVAS);
            }
            other.job().run(Domain.HANDWRITING, (p, m) -> { }, () -> false);
            referenceProbe = probe(other);
        }
        AppContainerReset.reinstall(phone);

        // Kill the process right after the trained model was written (the worker dies with it).
        phone.job().stageHook(stage -> {
            if (stage == PersonalizationJob.Stage.TRAINED) throw new ProcessKilled("after training");
        });
        try {
            worker().doWork();
            fail("the worker should have died");
        } catch (ProcessKilled expected) {
            // the process is gone
        }
        assertFalse(phone.container.models().active(Domain.HANDWRITING).personal);
        assertEquals(TrainingRunEntity.RUNNING, phone.db.trainingRuns().unfinished(Domain.HANDWRITING).state);

        phone.restart(IoHooks.NONE);
        final PersonalizationJob.Stage[] resumed = new PersonalizationJob.Stage[1];
        PersonalizationJob.Result r = phone.job().run(Domain.HANDWRITING, (p, m) -> { }, () -> false);
        assertEquals("resumed from the checkpoint", PersonalizationJob.Stage.TRAINED, r.resumedFrom);
        assertFalse("training was not repeated", r.trained);
        assertTrue(phone.container.models().active(Domain.HANDWRITING).personal);
        assertEquals("same model as the uninterrupted run", new String(referenceProbe), new String(probe(phone)));
    }

    @Test
    public void anErrorOrAnUnexplainedFailureEndsTheRunFailedWithWordsForTheUser() throws Exception {
        addDigits(0);
        Throwable[] failures = {new OutOfMemoryError("Java heap space"), new NullPointerException()};
        // The user is told what to do (by the cause's kind); the run's row keeps an English reason for the log.
        String[] said = {phone.context.getString(R.string.failure_memory), phone.context.getString(R.string.failure_retry)};
        String[] recorded = {"out of memory while training", "unexpected java.lang.NullPointerException"};
        for (int k = 0; k < failures.length; k++) {
            Throwable failure = failures[k];
            phone.job().stageHook(stage -> {
                if (stage != PersonalizationJob.Stage.LOADED) return;
                if (failure instanceof Error) throw (Error) failure;
                throw (RuntimeException) failure;
            });
            ListenableWorker.Result result = worker().doWork();
            assertTrue(failure + ": " + result, result instanceof ListenableWorker.Result.Failure);
            assertEquals(said[k], result.getOutputData().getString(PersonalizeWorker.KEY_ERROR));
            TrainingRunEntity run = phone.db.trainingRuns().byDomain(Domain.HANDWRITING).get(0);
            assertEquals(TrainingRunEntity.FAILED, run.state);
            assertEquals(recorded[k], run.error);
            assertEquals("nothing left RUNNING", null, phone.db.trainingRuns().unfinished(Domain.HANDWRITING));
        }
        // The next start is a fresh run that succeeds.
        phone.job().stageHook(PersonalizationJob.StageHook.NONE);
        assertTrue(worker().doWork() instanceof ListenableWorker.Result.Success);
    }

    @Test
    public void aRefusedForegroundNotificationIsLoggedAndTrainingGoesOnWithoutIt() throws Exception {
        addDigits(0);
        AtomicInteger asked = new AtomicInteger();
        ForegroundUpdater refusing = (context, id, info) -> {
            asked.incrementAndGet();
            ResolvableFuture<Void> refused = ResolvableFuture.create();
            refused.setException(new IllegalStateException("startForegroundService() not allowed due to mAllowStartForeground false"));
            return refused;
        };
        PersonalizeWorker w = TestListenableWorkerBuilder.from(phone.context, PersonalizeWorker.class)
                .setInputData(new Data.Builder().putString(PersonalizeWorker.KEY_DOMAIN, Domain.HANDWRITING).build())
                .setForegroundUpdater(refusing)
                .build();
        ShadowLog.clear();
        ListenableWorker.Result result = w.doWork();
        assertTrue(result.toString(), result instanceof ListenableWorker.Result.Success);
        assertEquals("asked once, not again at every step", 1, asked.get());
        boolean logged = false;
        for (ShadowLog.LogItem item : ShadowLog.getLogsForTag("LocalExpert")) {
            logged |= item.type == Log.WARN && item.msg.contains("without its foreground notification") && item.msg.contains("not allowed");
        }
        assertTrue("the refusal is in the log", logged);
        assertTrue(phone.container.models().active(Domain.HANDWRITING).personal);
    }

    @Test
    public void aRunLeftRunningThatNoWorkWillResumeIsMarkedFailedAtStart() throws Exception {
        WorkTrainingRepository training = (WorkTrainingRepository) phone.container.training();
        for (String d : Domain.ALL) phone.db.trainingRuns().insert(runningRow(d));
        // The plant run's work is still waiting (say, for its retry): the worker will resume that one.
        androidx.work.WorkManager.getInstance(phone.context).enqueueUniqueWork(WorkTrainingRepository.workName(Domain.PLANT),
                androidx.work.ExistingWorkPolicy.KEEP, new androidx.work.OneTimeWorkRequest.Builder(PersonalizeWorker.class)
                        .setInitialDelay(1, TimeUnit.HOURS).build()).getResult().get();
        training.markInterruptedRuns();
        TrainingRunEntity handwriting = phone.db.trainingRuns().byDomain(Domain.HANDWRITING).get(0);
        assertEquals(TrainingRunEntity.FAILED, handwriting.state);
        assertEquals(WorkTrainingRepository.INTERRUPTED, handwriting.error);
        assertTrue(handwriting.finished > 0);
        assertEquals("left to the waiting work", TrainingRunEntity.RUNNING, phone.db.trainingRuns().byDomain(Domain.PLANT).get(0).state);
    }

    private static TrainingRunEntity runningRow(String domain) {
        TrainingRunEntity run = new TrainingRunEntity();
        run.domain = domain;
        run.stage = PersonalizationJob.Stage.LOADED.name();
        run.started = System.currentTimeMillis();
        run.updated = run.started;
        return run;
    }

    /** The active model's class probabilities on a few digits, rounded: equal for equal models. */
    static byte[] probe(TestPhone p) throws Exception {
        StringBuilder sb = new StringBuilder();
        InferenceThread predictor = (InferenceThread) p.container.predictor();
        for (MnistSamples.Digit d : MnistSamples.digits(java.util.Arrays.asList("3", "5", "8", "9"), 1, 6000)) {
            Prediction pr = predictor.predictNow(Domain.HANDWRITING, d.pixels);
            for (float v : pr.probabilities()) sb.append(String.format(Locale.ROOT, "%.5f,", v));
            sb.append(String.format(Locale.ROOT, "%.5f;", pr.gate()));
        }
        return sb.toString().getBytes();
    }

    @Test
    public void rollbackRestoresThePreviousModel() throws Exception {
        addDigits(0);
        PersonalizationJob.Result first = phone.job().run(Domain.HANDWRITING, (p, m) -> { }, () -> false);
        byte[] probe1 = probe(phone);
        addDigits(100);
        PersonalizationJob.Result second = phone.job().run(Domain.HANDWRITING, (p, m) -> { }, () -> false);
        assertEquals("v2", phone.container.models().active(Domain.HANDWRITING).version);
        List<ModelInfo> history = phone.container.models().history(Domain.HANDWRITING);
        assertEquals("v2, v1, shipped", 3, history.size());
        assertTrue(history.get(0).active);

        phone.container.models().rollback(Domain.HANDWRITING);
        assertEquals(first.version.id(), phone.container.models().active(Domain.HANDWRITING).version);
        assertEquals("the predictor answers with v1 again", new String(probe1), new String(probe(phone)));
        assertTrue(phone.db.personalModels().find(Domain.HANDWRITING, "v1").active);
        assertFalse(phone.db.personalModels().find(Domain.HANDWRITING, "v2").active);

        phone.container.models().rollback(Domain.HANDWRITING);
        assertFalse("the shipped GE again", phone.container.models().active(Domain.HANDWRITING).personal);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        phone.container.models().exportActive(Domain.HANDWRITING, out);
        assertEquals(shippedModels().geBytes(Domain.HANDWRITING).length, out.size());
        assertTrue(second.version.sequence() > first.version.sequence());
    }
}

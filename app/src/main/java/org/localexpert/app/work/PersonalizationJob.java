package org.localexpert.app.work;

import android.util.Log;

import org.localexpert.app.data.AppFiles;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ModelInstaller;
import org.localexpert.app.data.ModelMetrics;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.data.Sha256;
import org.localexpert.app.data.ShippedModels;
import org.localexpert.app.data.TrainingRunStore;
import org.localexpert.app.data.local.TrainingRunEntity;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.abstain.Familiarity;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.SampleSource;
import org.localexpert.core.data.ImageDecoder;
import org.localexpert.core.data.ImagePreprocessor;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.moe.MixtureFile;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.PersonalizationException;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.predict.Classifier;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.store.AtomicFile;
import org.localexpert.core.store.FileSystemFaults;
import org.localexpert.core.store.ModelRejectedException;
import org.localexpert.core.store.ModelVersion;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * "Train my model" for one domain, as plain code (the WorkManager worker is a thin shell around it, so tests can
 * also drive it directly and kill it anywhere):
 * <ol>
 * <li>LOAD the user's training samples (not the held-out ones) through the host's preprocessing;</li>
 * <li>TRAIN the local expert and gate ({@link Personalizer}) and export the mixture as one .tflite, written
 * atomically to {@code files/training/<domain>/run-<id>.tflite} — the run's checkpoint, with its SHA-256 in the
 * run's row;</li>
 * <li>EVALUATE the shipped GE and the new mixture on the held-out samples, per class;</li>
 * <li>INSTALL through the model store (verify, write, read back, atomic manifest swap; old versions kept);</li>
 * <li>finish: the checkpoint is deleted and the run marked SUCCEEDED.</li>
 * </ol>
 *
 * <p><b>Resuming.</b> The run's row is its checkpoint. A process killed at any point leaves the row RUNNING; the
 * next run of the domain picks that row up and skips what is done: a candidate file whose SHA-256 matches the row
 * skips training, a store version tagged with the run's id skips installing. ml-core's Personalizer trains in
 * well under a second per domain on one thread and keeps no checkpoints of its own, so a kill during training
 * simply repeats that stage; because training is seeded and the export's metadata uses the run's start time, the
 * repeated stage produces the same bytes as an uninterrupted run.
 *
 * <p>It works through interfaces — {@link TrainingRunStore} for the run rows, {@link SampleRepository} for the
 * samples, {@link ModelInstaller} for the model store — so tests run it against in-memory fakes; the app wires the
 * Room and model-store implementations (RealContainer).
 */
public final class PersonalizationJob {
    /** Stages in order; the run row records the last one finished. */
    public enum Stage { STARTED, LOADED, TRAINED, EVALUATED, INSTALLED, DONE }

    private static final String TAG = "LocalExpert";

    /** Progress for the UI and the notification: how far (0..1) and what is happening. */
    public interface Listener {
        void progress(float fraction, TrainingStep step);
    }

    /** A seam for tests: called as each stage finishes (a test may throw there to "kill" the process). */
    public interface StageHook {
        void finished(Stage stage);

        StageHook NONE = stage -> { };
    }

    /** The run stopped because it was cancelled (or the system stopped the worker); the run stays resumable. */
    public static final class Stopped extends RuntimeException {
        public Stopped() {
            super("training was stopped");
        }
    }

    /**
     * The run failed and is marked FAILED. The message is English, for logs and the run's row (see {@link #whyFailed});
     * the user is told what to do from the cause's kind ({@code text.Failure}).
     */
    public static final class Failed extends RuntimeException {
        public Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What a finished run produced. */
    public static final class Result {
        public final long runId;
        public final ModelVersion version;
        public final ModelMetrics metrics;
        /** The stage the run had reached when this call picked it up (STARTED for a fresh run). */
        public final Stage resumedFrom;
        public final boolean trained;

        Result(long runId, ModelVersion version, ModelMetrics metrics, Stage resumedFrom, boolean trained) {
            this.runId = runId;
            this.version = version;
            this.metrics = metrics;
            this.resumedFrom = resumedFrom;
            this.trained = trained;
        }
    }

    private final TrainingRunStore runs;
    private final SampleRepository samples;
    private final ModelInstaller models;
    private final ShippedModels shipped;
    private final Personalizers personalizers;
    private final AppFiles files;
    private final AtomicFile atomic;
    private final ImageDecoder decoder;
    private StageHook hook = StageHook.NONE;

    public PersonalizationJob(TrainingRunStore runs, SampleRepository samples, ModelInstaller models, ShippedModels shipped,
                              Personalizers personalizers, AppFiles files, AtomicFile atomic, ImageDecoder decoder) {
        this.runs = runs;
        this.samples = samples;
        this.models = models;
        this.shipped = shipped;
        this.personalizers = personalizers;
        this.files = files;
        this.atomic = atomic;
        this.decoder = decoder;
    }

    public PersonalizationJob stageHook(StageHook hook) {
        this.hook = hook;
        return this;
    }

    /** The checkpoint file of a run. */
    public File candidateFile(String domain, long runId) {
        return new File(files.training(domain), "run-" + runId + ".tflite");
    }

    /**
     * Runs (or resumes) the domain's training. Throws {@link Stopped} when {@code stopped} turns true, else
     * {@link Failed} (with the cause) for any failure, having marked the run FAILED.
     */
    public Result run(String domain, Listener listener, BooleanSupplier stopped) {
        Domain.check(domain);
        TrainingRunEntity run = runs.unfinished(domain);
        Stage resumedFrom = Stage.STARTED;
        if (run == null) {
            run = new TrainingRunEntity();
            run.domain = domain;
            run.state = TrainingRunEntity.RUNNING;
            run.stage = Stage.STARTED.name();
            run.started = System.currentTimeMillis();
            run.updated = run.started;
            run.id = runs.insert(run);
        } else {
            resumedFrom = Stage.valueOf(run.stage);
        }
        try {
            return stages(domain, run, resumedFrom, listener, stopped);
        } catch (Stopped | FileSystemFaults.SimulatedCrash e) {
            // Stopped: the run stays resumable. A simulated crash is a test's dead process, which records nothing.
            throw e;
        } catch (Throwable e) {
            // Anything else ends the run, whatever it is (an OutOfMemoryError, a bug): a row left RUNNING would be
            // resumed into the same failure, and the screen must say why training stopped.
            String why = whyFailed(e);
            try {
                fail(run, domain, why);
            } catch (RuntimeException notRecorded) {
                e.addSuppressed(notRecorded); // left RUNNING after all: WorkTrainingRepository.markInterruptedRuns ends it
            }
            throw new Failed(why, e);
        }
    }

    /**
     * Why training failed, in English for the log and the run's row, never empty (a row with an empty reason tells
     * nobody anything). The pipeline's own failures carry their message; anything else is named by its kind, and the
     * stack trace goes to the log. The user's words come from {@code text.Failure}, by the cause's kind.
     */
    static String whyFailed(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage().trim();
        if (e instanceof Failed && !message.isEmpty()) return message;
        if (e instanceof ModelRejectedException) return "the new model did not pass its checks: " + message;
        boolean ours = e instanceof PersonalizationException || e instanceof DataException || e instanceof IOException
                || e instanceof IllegalArgumentException;
        if (ours && !message.isEmpty()) return message;
        Log.e(TAG, "training failed", e);
        if (e instanceof OutOfMemoryError) return "out of memory while training";
        if (e instanceof LinkageError) return "a part of the app could not be loaded: " + e;
        return "unexpected " + e;
    }

    private Result stages(String domain, TrainingRunEntity run, Stage resumedFrom, Listener listener, BooleanSupplier stopped)
            throws IOException, ModelRejectedException {
        removeStaleCheckpoints(domain, run.id);
        // LOAD: list and check the samples; their pixels are read one at a time by training and evaluation.
        listener.progress(0.02f, TrainingStep.READING);
        List<SampleRecord> train = samples.list(domain, false);
        List<SampleRecord> held = samples.list(domain, true);
        List<String> labels = checkCounts(domain, train, held);
        Personalizers.Trainer personalizer = personalizers.get(domain);
        ImagePreprocessor preprocessor = personalizer.domain().preprocessor(personalizer.globalExpert().inputShape());
        SampleRecordSource trainSet = new SampleRecordSource(train, labels, preprocessor, decoder, samples::imageFile);
        SampleRecordSource heldSet = new SampleRecordSource(held, labels, preprocessor, decoder, samples::imageFile);
        save(run, Stage.LOADED, 0.05f);

        // TRAIN (skipped when the checkpoint holds this run's exported model)
        File candidate = candidateFile(domain, run.id);
        byte[] model = checkpoint(run, candidate);
        boolean trained = false;
        if (model == null) {
            checkStopped(stopped);
            Personalization p = personalizer.personalize(trainSet, (done, total, what) -> {
                checkStopped(stopped);
                listener.progress(0.05f + 0.65f * done / total, TrainingStep.LEARNING);
            });
            checkStopped(stopped);
            listener.progress(0.72f, TrainingStep.FITTING);
            model = export(domain, personalizer, p, trainSet, run);
            atomic.write(candidate.toPath(), model);
            run.candidateSha256 = Sha256.hex(model);
            trained = true;
        }
        save(run, Stage.TRAINED, 0.75f);

        // EVALUATE on the held-out samples
        listener.progress(0.78f, TrainingStep.MEASURING);
        ModelMetrics metrics = evaluate(domain, model, heldSet);
        save(run, Stage.EVALUATED, 0.85f);

        // INSTALL (once: a resumed run finds the version it installed before being killed)
        ModelVersion version = models.installedBy(domain, run.id);
        if (version == null) {
            checkStopped(stopped);
            listener.progress(0.9f, TrainingStep.INSTALLING);
            version = models.install(domain, model, metrics, run.id);
        }
        run.modelVersion = version.id();
        save(run, Stage.INSTALLED, 0.95f);

        // DONE
        atomic.delete(candidate.toPath());
        run.state = TrainingRunEntity.SUCCEEDED;
        save(run, Stage.DONE, 1f);
        listener.progress(1f, TrainingStep.DONE);
        return new Result(run.id, version, metrics, resumedFrom, trained);
    }

    /** The candidate a previous attempt of this run exported, when it is intact; else null. */
    private byte[] checkpoint(TrainingRunEntity run, File candidate) throws IOException {
        if (run.candidateSha256 == null || !candidate.isFile()) return null;
        byte[] b = Files.readAllBytes(candidate.toPath());
        return Sha256.hex(b).equals(run.candidateSha256) ? b : null;
    }

    /** Labels in a fixed order (GE labels, then the user's); refuses too few samples or classes with a clear message. */
    private List<String> checkCounts(String domain, List<SampleRecord> train, List<SampleRecord> held) {
        Map<String, Integer> counts = new TreeMap<>();
        for (SampleRecord s : train) counts.merge(s.label, 1, Integer::sum);
        for (SampleRecord s : held) counts.merge(s.label, 1, Integer::sum);
        if (counts.isEmpty()) throw new PersonalizationException("there are no samples yet: teach the app some of your own first");
        if (counts.size() < 2) {
            throw new PersonalizationException("all samples are of '" + counts.keySet().iterator().next()
                    + "': add samples of at least one other class, so the app can learn what makes yours different");
        }
        int min = samples.minimumPerClass(domain);
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() < min) {
                throw new PersonalizationException("'" + e.getKey() + "' has " + e.getValue() + " sample(s); each class you teach needs at least " + min);
            }
        }
        List<String> order = new ArrayList<>();
        for (String l : samples.labels(domain)) if (counts.containsKey(l)) order.add(l);
        for (String l : counts.keySet()) if (!order.contains(l)) order.add(l);
        return order;
    }

    /**
     * The mixture as one .tflite with metadata tying it to the shipped GE; deterministic for a given run. It carries
     * its own "unsure" cut on the top probability (the GE's, or lower where the GE's would flag the user's own samples:
     * {@code PersonalConfidence}) and, when the GE has a familiarity cut (issue 18), the taught samples' GE features, so
     * the phone's classifier finds the user's own classes familiar and still flags inputs like none of them.
     */
    private byte[] export(String domain, Personalizers.Trainer personalizer, Personalization p, SampleSource user, TrainingRunEntity run)
            throws IOException {
        ConfidenceThreshold unsure = null;
        Familiarity familiarity = null;
        LocalExpertMetadata geMeta = null;
        try {
            geMeta = LocalExpertMetadata.read(TfliteReader.read(shipped.geBytes(domain)));
        } catch (Exception e) {
            // No calibrated threshold to carry over: the classifier falls back to its default.
        }
        if (geMeta != null) {
            // The personal model's own confidence cut where the GE's would flag the user's own samples (a few more
            // trainings on features already computed); then the familiarity cut, which keeps unknown inputs flagged.
            unsure = personalizer.unsureCut(p, ConfidenceThreshold.fromMetadata(geMeta));
            // Only the cut is written (the replay bank ships beside the GE): a one-row placeholder bank reads it.
            int f = p.taughtFeatures().featureSize();
            if (Familiarity.inMetadata(geMeta)) familiarity = Familiarity.fromMetadata(geMeta, new float[f], f);
        }
        return MixtureFile.write(p.mixture(), org.localexpert.core.moe.Domain.of(domain), shipped.geHash(domain), user, unsure, familiarity,
                p.taughtFeatures(), new MixtureFile.Provenance("personal-run" + run.id, "the user's own samples, on the phone", Instant.ofEpochMilli(run.started)));
    }

    /** Held-out accuracy of the shipped GE (before) and of {@code model} (after), overall and per class; one sample in memory at a time. */
    ModelMetrics evaluate(String domain, byte[] model, SampleSource held) {
        ModelMetrics m = new ModelMetrics();
        m.heldOut = held.size();
        if (held.size() == 0) return m;
        int classes = held.labelNames().size();
        int[] okBefore = new int[classes], okAfter = new int[classes], n = new int[classes];
        try (Classifier ge = classifier(shipped.geBytes(domain)); Classifier mine = classifier(model)) {
            for (int i = 0; i < held.size(); i++) {
                int label = held.label(i);
                String name = held.labelNames().get(label);
                float[] x = held.load(i);
                n[label]++;
                if (ge.classify(x).label().equals(name)) okBefore[label]++;
                if (mine.classify(x).label().equals(name)) okAfter[label]++;
            }
        } catch (DataException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("the new model could not be evaluated: " + e.getMessage(), e);
        }
        int before = 0, after = 0;
        for (int c = 0; c < n.length; c++) {
            before += okBefore[c];
            after += okAfter[c];
            if (n[c] > 0) m.perClass.put(held.labelNames().get(c), new float[] {okBefore[c] / (float) n[c], okAfter[c] / (float) n[c]});
        }
        m.before = before / (float) held.size();
        m.after = after / (float) held.size();
        return m;
    }

    private static Classifier classifier(byte[] bytes) throws Exception {
        TfliteModel t = TfliteReader.read(bytes);
        return Classifier.of(new JavaEngine(ModelImporter.toModel(t)), LocalExpertMetadata.read(t));
    }

    private void save(TrainingRunEntity run, Stage stage, float progress) {
        run.stage = stage.name();
        run.progress = progress;
        run.updated = System.currentTimeMillis();
        runs.checkpoint(run.id, run.stage, progress, run.updated, run.candidateSha256, run.modelVersion);
        if (stage == Stage.DONE) runs.finish(run.id, TrainingRunEntity.SUCCEEDED, null, run.updated);
        hook.finished(stage);
    }

    /** Deletes checkpoints of runs that will never resume (failed, cancelled, or from before a delete-all). */
    private void removeStaleCheckpoints(String domain, long runId) throws IOException {
        File dir = files.training(domain);
        File[] all = dir.listFiles();
        if (all == null) return;
        atomic.cleanTemps(dir.toPath());
        for (File f : all) {
            if (f.isFile() && !f.getName().equals(candidateFile(domain, runId).getName())) atomic.delete(f.toPath());
        }
    }

    private void fail(TrainingRunEntity run, String domain, String why) {
        run.state = TrainingRunEntity.FAILED;
        run.error = why;
        run.finished = System.currentTimeMillis();
        runs.finish(run.id, run.state, why, run.finished);
        try {
            atomic.delete(candidateFile(domain, run.id).toPath());
        } catch (IOException e) {
            // A left-over candidate is removed with the training folder by delete-all; it is never read again.
        }
    }

    private static void checkStopped(BooleanSupplier stopped) {
        if (stopped.getAsBoolean()) throw new Stopped();
    }
}

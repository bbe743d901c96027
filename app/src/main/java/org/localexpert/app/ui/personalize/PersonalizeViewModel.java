package org.localexpert.app.ui.personalize;

import androidx.annotation.StringRes;
import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import androidx.lifecycle.ViewModel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.localexpert.app.R;
import org.localexpert.app.data.ModelInfo;
import org.localexpert.app.data.ModelRepository;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.data.TrainingRepository;
import org.localexpert.app.data.TrainingStatus;
import org.localexpert.app.text.Failure;

/**
 * "Personalize" for one domain: how many samples each class has against the minimum, the background
 * training's status, the active model with its held-out accuracy, the kept versions, and rollback.
 */
public final class PersonalizeViewModel extends ViewModel {

    /** Samples per class against the minimum: what decides whether "Train my model" can run. */
    public static final class Readiness {
        /** Every label of the domain (shipped and the user's), with its sample count (0 if none). */
        public final Map<String, Integer> counts;
        public final int minimum;

        Readiness(Map<String, Integer> counts, int minimum) {
            this.counts = counts;
            this.minimum = minimum;
        }

        /** Classes that have at least the minimum. */
        public List<String> readyClasses() {
            List<String> ready = new ArrayList<>();
            for (Map.Entry<String, Integer> e : counts.entrySet()) if (e.getValue() >= minimum) ready.add(e.getKey());
            return ready;
        }

        /** Classes the user started (1+ samples) but that are still below the minimum. */
        public List<String> shortClasses() {
            List<String> short_ = new ArrayList<>();
            for (Map.Entry<String, Integer> e : counts.entrySet()) if (e.getValue() > 0 && e.getValue() < minimum) short_.add(e.getKey());
            return short_;
        }

        /**
         * The trainer needs two classes (the gate learns "yours or generic" from contrasting them) and
         * refuses a class below the minimum, so: two or more classes ready and none started but short.
         */
        public boolean canTrain() {
            return readyClasses().size() >= 2 && shortClasses().isEmpty();
        }
    }

    /**
     * What the screen shows for a training status: whether training is under way (progress bar and Cancel shown,
     * Train and Rollback disabled), how far, and the words — a {@code personalize_state_*} string (or
     * {@code training_failed}) with its {@link #detail}.
     */
    public static final class StatusView {
        /** Queued or running. */
        public final boolean working;
        /** Queued: no progress to show yet. */
        public final boolean indeterminate;
        /** 0..1000, for the progress bar. */
        public final int permille;
        /** 0..100, for the words. */
        public final int percent;
        @StringRes
        public final int words;
        /**
         * What goes into the words: the step (RUNNING), the installed version (SUCCEEDED, "" while it is read), what to
         * do (FAILED; null when the worker said nothing, and the screen gives the generic advice); null otherwise.
         */
        public final String detail;

        StatusView(boolean working, boolean indeterminate, float progress, @StringRes int words, String detail) {
            this.working = working;
            this.indeterminate = indeterminate;
            this.permille = Math.round(1000 * progress);
            this.percent = Math.round(100 * progress);
            this.words = words;
            this.detail = detail;
        }
    }

    /** {@code s} (null: nothing known yet, as IDLE) as the screen shows it. */
    public static StatusView describe(TrainingStatus s) {
        TrainingStatus.State st = s == null ? TrainingStatus.State.IDLE : s.state;
        float progress = s == null ? 0f : Math.max(0f, Math.min(1f, s.progress));
        switch (st) {
            case ENQUEUED:
                return new StatusView(true, true, progress, R.string.personalize_state_enqueued, null);
            case RUNNING:
                return new StatusView(true, false, progress, R.string.personalize_state_running, s.message == null ? "" : s.message);
            case SUCCEEDED:
                return new StatusView(false, false, progress, R.string.personalize_state_succeeded, s.result == null ? "" : s.result.version);
            case FAILED:
                return new StatusView(false, false, progress, R.string.training_failed, s.message);
            case CANCELLED:
                return new StatusView(false, false, progress, R.string.personalize_state_cancelled, null);
            default:
                return new StatusView(false, false, progress, R.string.personalize_state_idle, null);
        }
    }

    /** "Train my model" is offered: the samples allow it and no training is under way. */
    public boolean canTrain() {
        Readiness r = readiness.getValue();
        return !describe(status().getValue()).working && r != null && r.canTrain();
    }

    /** "Use the previous model" is offered: a personal model is active and no training is under way. */
    public boolean canRollback() {
        ModelInfo m = active.getValue();
        return !describe(status().getValue()).working && m != null && m.personal;
    }

    private final String domain;
    private final SampleRepository samples;
    private final ModelRepository models;
    private final TrainingRepository training;
    private final Executor io;
    private final MutableLiveData<Readiness> readiness = new MutableLiveData<>();
    private final MutableLiveData<ModelInfo> active = new MutableLiveData<>();
    private final MutableLiveData<List<ModelInfo>> history = new MutableLiveData<>(Collections.emptyList());
    private final MutableLiveData<Failure> error = new MutableLiveData<>();

    public PersonalizeViewModel(String domain, SampleRepository samples, ModelRepository models, TrainingRepository training, Executor io) {
        this.domain = domain;
        this.samples = samples;
        this.models = models;
        this.training = training;
        this.io = io;
        refresh();
    }

    public String domain() { return domain; }

    public LiveData<Readiness> readiness() { return readiness; }

    public LiveData<ModelInfo> active() { return active; }

    /** Newest first, the shipped model included. */
    public LiveData<List<ModelInfo>> history() { return history; }

    public LiveData<TrainingStatus> status() { return training.status(domain); }

    /** What the last action could not do, and why; null when fine. */
    public LiveData<Failure> error() { return error; }

    /** Reads counts, the active model and the history again (after training, rollback, or coming back). */
    public void refresh() {
        background(R.string.personalize_failed_read, () -> {
            Map<String, Integer> counts = new LinkedHashMap<>();
            Map<String, Integer> stored = samples.countsByLabel(domain);
            for (String label : samples.labels(domain)) counts.put(label, stored.getOrDefault(label, 0));
            for (Map.Entry<String, Integer> e : stored.entrySet()) counts.putIfAbsent(e.getKey(), e.getValue());
            readiness.postValue(new Readiness(counts, samples.minimumPerClass(domain)));
            active.postValue(models.active(domain));
            history.postValue(models.history(domain));
        });
    }

    public void train() {
        background(R.string.personalize_failed_start, () -> training.start(domain));
    }

    public void cancel() {
        background(R.string.personalize_failed_cancel, () -> training.cancel(domain));
    }

    /** The previous version (or the shipped model) becomes active again. */
    public void rollback() {
        background(R.string.personalize_failed_rollback, () -> {
            models.rollback(domain);
            active.postValue(models.active(domain));
            history.postValue(models.history(domain));
        });
    }

    /** Runs {@code work} on the io thread; {@code what} says what could not be done if it fails. */
    private void background(@StringRes int what, Runnable work) {
        io.execute(() -> {
            try {
                work.run();
                error.postValue(null);
            } catch (RuntimeException e) {
                error.postValue(new Failure(what, e));
            }
        });
    }
}

package org.localexpert.app;

import android.content.Context;

import org.localexpert.app.data.DiagnosisRepository;
import org.localexpert.app.data.ModelRepository;
import org.localexpert.app.data.PrivacyRepository;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.data.TrainingRepository;
import org.localexpert.app.inference.Predictor;
import org.localexpert.app.work.PersonalizationJob;

import java.util.concurrent.ExecutorService;

/**
 * Manual dependency injection: the one object that owns the repositories, the predictor and the background
 * executor. {@link LocalExpertApp} builds the real one on first use; tests call {@link #set} with fakes before
 * launching a screen.
 */
public final class AppContainer {
    private static volatile AppContainer instance;

    private final SampleRepository samples;
    private final ModelRepository models;
    private final DiagnosisRepository diagnoses;
    private final TrainingRepository training;
    private final PrivacyRepository privacy;
    private final Predictor predictor;
    private final ExecutorService io;
    private final PersonalizationJob personalization;

    public AppContainer(SampleRepository samples, ModelRepository models, DiagnosisRepository diagnoses,
                        TrainingRepository training, PrivacyRepository privacy, Predictor predictor, ExecutorService io) {
        this(samples, models, diagnoses, training, privacy, predictor, io, null);
    }

    /** {@code personalization}: what PersonalizeWorker runs (null in UI tests with fakes, which never run the worker). */
    public AppContainer(SampleRepository samples, ModelRepository models, DiagnosisRepository diagnoses,
                        TrainingRepository training, PrivacyRepository privacy, Predictor predictor, ExecutorService io,
                        PersonalizationJob personalization) {
        this.personalization = personalization;
        this.samples = samples;
        this.models = models;
        this.diagnoses = diagnoses;
        this.training = training;
        this.privacy = privacy;
        this.predictor = predictor;
        this.io = io;
    }

    /** The container of this process, built on first use from the application context. */
    public static AppContainer get(Context context) {
        AppContainer c = instance;
        if (c != null) return c;
        synchronized (AppContainer.class) {
            if (instance == null) instance = RealContainer.create(context.getApplicationContext());
            return instance;
        }
    }

    /** Replaces the container (tests: fakes; null forgets it so the next {@link #get} builds a real one). */
    public static void set(AppContainer container) {
        instance = container;
    }

    public SampleRepository samples() { return samples; }

    public ModelRepository models() { return models; }

    public DiagnosisRepository diagnoses() { return diagnoses; }

    public TrainingRepository training() { return training; }

    public PrivacyRepository privacy() { return privacy; }

    public Predictor predictor() { return predictor; }

    /** Background threads for repository calls (which block). */
    public ExecutorService io() { return io; }

    /** The training pipeline PersonalizeWorker runs. */
    public PersonalizationJob personalization() {
        if (personalization == null) throw new IllegalStateException("this AppContainer has no training pipeline (a test container?)");
        return personalization;
    }
}

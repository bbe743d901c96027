package org.localexpert.app;

import android.content.Context;
import android.util.Log;

import org.localexpert.app.data.AndroidImageDecoder;
import org.localexpert.app.data.AppFiles;
import org.localexpert.app.data.AppPrivacyRepository;
import org.localexpert.app.data.RoomDiagnosisRepository;
import org.localexpert.app.data.RoomSampleRepository;
import org.localexpert.app.data.RoomTrainingRunStore;
import org.localexpert.app.data.ShippedModels;
import org.localexpert.app.data.StoreModelRepository;
import org.localexpert.app.data.local.LocalExpertDatabase;
import org.localexpert.app.inference.EngineFactory;
import org.localexpert.app.inference.GoldenGpuCheck;
import org.localexpert.app.inference.GpuVerdicts;
import org.localexpert.app.inference.InferenceThread;
import org.localexpert.app.ui.settings.Settings;
import org.localexpert.app.work.PersonalizationJob;
import org.localexpert.app.work.Personalizers;
import org.localexpert.app.work.WorkTrainingRepository;
import org.localexpert.core.store.AtomicFile;
import org.localexpert.core.store.IoHooks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Builds the production {@link AppContainer}: Room, app-private files, the model stores, TFLite, WorkManager. */
public final class RealContainer {
    private RealContainer() {}

    static AppContainer create(Context app) {
        AppContainer c = create(app, LocalExpertDatabase.open(app, LocalExpertDatabase.FILE_NAME), IoHooks.NONE, EngineFactory.best());
        // The process starts: a training run a killed process left RUNNING, that no work will resume, is ended. (Not in
        // the wiring tests build: their simulated restarts resume killed runs themselves, as WorkManager would.)
        WorkTrainingRepository training = (WorkTrainingRepository) c.training();
        c.io().execute(() -> {
            try {
                training.markInterruptedRuns();
            } catch (RuntimeException e) {
                Log.w("LocalExpert", "could not check for interrupted training runs: " + e.getMessage());
            }
        });
        return c;
    }

    /** The same wiring over a given database, I/O hooks (fault injection) and engine factory: what tests build. */
    public static AppContainer create(Context app, LocalExpertDatabase db, IoHooks hooks, EngineFactory engines) {
        return create(app, db, new AppFiles(app.getFilesDir(), app.getCacheDir()), hooks, engines);
    }

    /** As above with the files under {@code files} (tests give each simulated phone its own folder). */
    public static AppContainer create(Context app, LocalExpertDatabase db, AppFiles files, IoHooks hooks, EngineFactory engines) {
        ExecutorService io = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "localexpert-io");
            t.setDaemon(true);
            return t;
        });
        AtomicFile atomic = new AtomicFile(hooks);
        ShippedModels shipped = new ShippedModels(ShippedModels.of(app.getAssets()));
        RoomSampleRepository samples = new RoomSampleRepository(db, files, atomic, shipped);
        StoreModelRepository models = new StoreModelRepository(db, files, shipped, hooks);
        RoomDiagnosisRepository diagnoses = new RoomDiagnosisRepository(db, files, atomic);
        RoomTrainingRunStore runs = new RoomTrainingRunStore(db);
        WorkTrainingRepository training = new WorkTrainingRepository(app, runs, models, io);
        AppPrivacyRepository privacy = new AppPrivacyRepository(db, files, atomic, models, training::cancelAllNow);
        // Predictions open each model file through the golden-set check: the GPU is kept only where it answers as the CPU does.
        EngineFactory checked = new GoldenGpuCheck(engines, engines.cpu(), shipped::goldenInputs, new GpuVerdicts(app));
        InferenceThread predictor = new InferenceThread(models, checked);
        PersonalizationJob job = new PersonalizationJob(runs, samples, models, shipped, new Personalizers(shipped, engines), files, atomic,
                new AndroidImageDecoder());
        // The settings file is read now, off the main thread: screens then read it from memory.
        io.execute(() -> Settings.preferences(app).getAll());
        // A crash between writing a sample's file and its row leaves an orphan file: remove those at start-up.
        io.execute(() -> {
            try {
                int n = samples.removeOrphans();
                if (n > 0) Log.i("LocalExpert", "removed " + n + " orphaned sample file(s)");
            } catch (Exception e) {
                Log.w("LocalExpert", "could not clean orphaned sample files: " + e.getMessage());
            }
        });
        return new AppContainer(samples, models, diagnoses, training, privacy, predictor, io, job);
    }
}

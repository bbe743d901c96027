package org.localexpert.app.work;

import android.content.Context;
import android.os.Handler;
import android.os.Looper;
import android.util.Log;

import androidx.lifecycle.LiveData;
import androidx.lifecycle.Observer;
import androidx.work.Data;
import androidx.work.ExistingWorkPolicy;
import androidx.work.OneTimeWorkRequest;
import androidx.work.WorkInfo;
import androidx.work.WorkManager;

import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ModelInfo;
import org.localexpert.app.data.ModelRepository;
import org.localexpert.app.data.TrainingRepository;
import org.localexpert.app.data.TrainingRunStore;
import org.localexpert.app.data.TrainingStatus;
import org.localexpert.app.text.Failure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * "Train my model" as unique WorkManager work per domain ({@code personalize-<domain>}, KEEP: a second tap while
 * training runs does not start another), and its WorkInfo mapped to {@link TrainingStatus} for the screen.
 */
public final class WorkTrainingRepository implements TrainingRepository {
    private final Context context;
    private final TrainingRunStore runs;
    private final ModelRepository models;
    private final Executor io;
    /** What a run no worker resumed says in its row (see {@link #markInterruptedRuns}). */
    static final String INTERRUPTED = "the app was closed while training; start training again";

    private final Map<String, LiveData<TrainingStatus>> statuses = new HashMap<>();

    public WorkTrainingRepository(Context context, TrainingRunStore runs, ModelRepository models, Executor io) {
        this.context = context.getApplicationContext();
        this.runs = runs;
        this.models = models;
        this.io = io;
    }

    public static String workName(String domain) {
        return "personalize-" + Domain.check(domain);
    }

    private WorkManager workManager() {
        return WorkManager.getInstance(context);
    }

    @Override
    public void start(String domain) {
        OneTimeWorkRequest request = new OneTimeWorkRequest.Builder(PersonalizeWorker.class)
                .setInputData(new Data.Builder().putString(PersonalizeWorker.KEY_DOMAIN, domain).build())
                .addTag(workName(domain))
                .build();
        workManager().enqueueUniqueWork(workName(domain), ExistingWorkPolicy.KEEP, request);
    }

    @Override
    public void cancel(String domain) {
        String name = workName(domain);
        // Mark the run first, so that it is not resumed, then stop the worker.
        io.execute(() -> {
            runs.cancelUnfinished(domain, System.currentTimeMillis());
            workManager().cancelUniqueWork(name);
        });
    }

    /** Cancels training in every domain and waits for the runs to be marked (delete-all calls this). */
    public void cancelAllNow() {
        for (String d : Domain.ALL) {
            runs.cancelUnfinished(d, System.currentTimeMillis());
            try {
                workManager().cancelUniqueWork(workName(d)).getResult().get();
            } catch (Exception e) {
                // WorkManager not initialised in this process: nothing can be running.
            }
        }
    }

    /**
     * Ends the runs a killed process left RUNNING that no work will resume (the work failed, was cancelled or is gone):
     * they are marked FAILED, so no row stays RUNNING forever. A run whose work is still queued or running is left to
     * it: the worker resumes it from its checkpoint. Blocking (database, WorkManager): call off the main thread.
     */
    public void markInterruptedRuns() {
        for (String d : Domain.ALL) {
            // Most starts find nothing here, and WorkManager is not woken for them.
            if (runs.unfinished(d) == null || workPending(d)) continue;
            runs.failUnfinished(d, INTERRUPTED, System.currentTimeMillis());
        }
    }

    private boolean workPending(String domain) {
        try {
            for (WorkInfo w : workManager().getWorkInfosForUniqueWork(workName(domain)).get()) {
                if (!w.getState().isFinished()) return true;
            }
            return false;
        } catch (ExecutionException e) {
            return true; // unknown: leave the run to whoever may still resume it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public synchronized LiveData<TrainingStatus> status(String domain) {
        LiveData<TrainingStatus> s = statuses.get(Domain.check(domain));
        if (s == null) {
            s = new StatusLiveData(domain, workManager().getWorkInfosForUniqueWorkLiveData(workName(domain)));
            statuses.put(domain, s);
        }
        return s;
    }

    /**
     * The newest WorkInfo of the unique work as a TrainingStatus (IDLE when there is none), without I/O: it runs on
     * the main thread. SUCCEEDED comes without the installed model, which {@link StatusLiveData} reads off it.
     */
    TrainingStatus map(List<WorkInfo> infos) {
        if (infos == null || infos.isEmpty()) return new TrainingStatus();
        WorkInfo w = infos.get(infos.size() - 1);
        switch (w.getState()) {
            case ENQUEUED:
            case BLOCKED:
                return new TrainingStatus(TrainingStatus.State.ENQUEUED, 0, "waiting to start", null);
            case RUNNING:
                return new TrainingStatus(TrainingStatus.State.RUNNING, w.getProgress().getFloat(PersonalizeWorker.KEY_PROGRESS, 0f),
                        w.getProgress().getString(PersonalizeWorker.KEY_MESSAGE), null);
            case SUCCEEDED:
                return new TrainingStatus(TrainingStatus.State.SUCCEEDED, 1f, w.getOutputData().getString(PersonalizeWorker.KEY_MESSAGE), null);
            case FAILED:
                String why = w.getOutputData().getString(PersonalizeWorker.KEY_ERROR);
                // The worker always says why; WorkManager fails work on its own too (the worker crashed), without words.
                if (why == null || why.trim().isEmpty()) why = Failure.advice(context, null);
                return new TrainingStatus(TrainingStatus.State.FAILED, 0f, why, null);
            case CANCELLED:
            default:
                return new TrainingStatus(TrainingStatus.State.CANCELLED, 0f, "cancelled", null);
        }
    }

    /** Follows WorkManager's LiveData while observed and maps each change (no extra lifecycle library needed). */
    private final class StatusLiveData extends LiveData<TrainingStatus> {
        private final String domain;
        private final LiveData<List<WorkInfo>> source;
        private final Observer<List<WorkInfo>> observer;

        private final Handler main = new Handler(Looper.getMainLooper());
        /** Counts WorkInfo changes (main thread), so a model read for an older SUCCEEDED does not overwrite a newer status. */
        private int changes;

        StatusLiveData(String domain, LiveData<List<WorkInfo>> source) {
            super(new TrainingStatus());
            this.domain = domain;
            this.source = source;
            this.observer = infos -> {
                TrainingStatus s = map(infos);
                int change = ++changes;
                if (s.state != TrainingStatus.State.SUCCEEDED) {
                    setValue(s);
                    return;
                }
                // The installed model comes from the database: read on the io thread, shown from the main thread.
                io.execute(() -> {
                    ModelInfo installed = null;
                    try {
                        installed = models.active(domain);
                    } catch (RuntimeException e) {
                        Log.w("LocalExpert", "the new model could not be read: " + e.getMessage());
                    }
                    ModelInfo result = installed;
                    main.post(() -> {
                        if (change == changes) setValue(new TrainingStatus(s.state, s.progress, s.message, result));
                    });
                });
            };
        }

        @Override
        protected void onActive() {
            source.observeForever(observer);
        }

        @Override
        protected void onInactive() {
            source.removeObserver(observer);
        }
    }
}

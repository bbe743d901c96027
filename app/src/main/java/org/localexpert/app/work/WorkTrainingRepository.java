package org.localexpert.app.work;

import android.content.Context;

import androidx.lifecycle.LiveData;
import androidx.lifecycle.Observer;
import androidx.work.Data;
import androidx.work.ExistingWorkPolicy;
import androidx.work.OneTimeWorkRequest;
import androidx.work.WorkInfo;
import androidx.work.WorkManager;

import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ModelRepository;
import org.localexpert.app.data.TrainingRepository;
import org.localexpert.app.data.TrainingStatus;
import org.localexpert.app.data.local.LocalExpertDatabase;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * "Train my model" as unique WorkManager work per domain ({@code personalize-<domain>}, KEEP: a second tap while
 * training runs does not start another), and its WorkInfo mapped to {@link TrainingStatus} for the screen.
 */
public final class WorkTrainingRepository implements TrainingRepository {
    private final Context context;
    private final LocalExpertDatabase db;
    private final ModelRepository models;
    private final Executor io;
    private final Map<String, LiveData<TrainingStatus>> statuses = new HashMap<>();

    public WorkTrainingRepository(Context context, LocalExpertDatabase db, ModelRepository models, Executor io) {
        this.context = context.getApplicationContext();
        this.db = db;
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
            db.trainingRuns().cancelUnfinished(domain, System.currentTimeMillis());
            workManager().cancelUniqueWork(name);
        });
    }

    /** Cancels training in every domain and waits for the runs to be marked (delete-all calls this). */
    public void cancelAllNow() {
        for (String d : Domain.ALL) {
            db.trainingRuns().cancelUnfinished(d, System.currentTimeMillis());
            try {
                workManager().cancelUniqueWork(workName(d)).getResult().get();
            } catch (Exception e) {
                // WorkManager not initialised in this process: nothing can be running.
            }
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

    /** The newest WorkInfo of the unique work as a TrainingStatus (IDLE when there is none). */
    TrainingStatus map(String domain, List<WorkInfo> infos) {
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
                return new TrainingStatus(TrainingStatus.State.SUCCEEDED, 1f, w.getOutputData().getString(PersonalizeWorker.KEY_MESSAGE),
                        models.active(domain));
            case FAILED:
                return new TrainingStatus(TrainingStatus.State.FAILED, 0f, w.getOutputData().getString(PersonalizeWorker.KEY_ERROR), null);
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

        StatusLiveData(String domain, LiveData<List<WorkInfo>> source) {
            super(new TrainingStatus());
            this.domain = domain;
            this.source = source;
            this.observer = infos -> setValue(map(domain, infos));
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

package org.localexpert.app.fake;

import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;

import org.localexpert.app.data.ModelInfo;
import org.localexpert.app.data.TrainingStatus;
import org.localexpert.app.data.TrainingRepository;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training without training: {@link #start} moves the status to ENQUEUED; tests then drive it with
 * {@link #progress}, {@link #succeed} (installs a personal model in the fake model repository) or {@link #fail}.
 * With {@link #autoComplete} set, start() succeeds at once.
 */
public class FakeTrainingRepository implements TrainingRepository {
    private final Map<String, MutableLiveData<TrainingStatus>> status = new HashMap<>();
    private final FakeModelRepository models;
    public boolean autoComplete;
    public int starts, cancels;

    public FakeTrainingRepository(FakeModelRepository models) {
        this.models = models;
    }

    @Override
    public synchronized void start(String domain) {
        starts++;
        post(domain, new TrainingStatus(TrainingStatus.State.ENQUEUED, 0, "waiting", null));
        if (autoComplete) succeed(domain, 0.8f, 0.95f);
    }

    @Override
    public synchronized void cancel(String domain) {
        cancels++;
        post(domain, new TrainingStatus(TrainingStatus.State.CANCELLED, 0, "cancelled", null));
    }

    @Override
    public synchronized LiveData<TrainingStatus> status(String domain) {
        return live(domain);
    }

    public void progress(String domain, float progress, String message) {
        post(domain, new TrainingStatus(TrainingStatus.State.RUNNING, progress, message, null));
    }

    public ModelInfo succeed(String domain, float before, float after) {
        Map<String, float[]> perClass = new LinkedHashMap<>();
        perClass.put("0", new float[] {before, after});
        perClass.put("1", new float[] {before, after});
        ModelInfo m = models.addPersonal(domain, before, after, perClass);
        post(domain, new TrainingStatus(TrainingStatus.State.SUCCEEDED, 1, "installed " + m.version, m));
        return m;
    }

    public void fail(String domain, String why) {
        post(domain, new TrainingStatus(TrainingStatus.State.FAILED, 0, why, null));
    }

    private synchronized MutableLiveData<TrainingStatus> live(String domain) {
        return status.computeIfAbsent(domain, k -> new MutableLiveData<>(new TrainingStatus()));
    }

    private void post(String domain, TrainingStatus s) {
        live(domain).postValue(s);
    }
}

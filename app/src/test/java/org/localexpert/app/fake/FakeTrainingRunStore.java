package org.localexpert.app.fake;

import org.localexpert.app.data.TrainingRunStore;
import org.localexpert.app.data.local.TrainingRunEntity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Training-run rows in memory, with the Room store's semantics: rows are copied in and out (the caller's object is
 * never the stored row, as with a database), {@link #checkpoint} never touches the state, and the "unfinished" run
 * is the newest RUNNING one of its domain.
 */
public class FakeTrainingRunStore implements TrainingRunStore {
    private final Map<Long, TrainingRunEntity> rows = new TreeMap<>();
    private long nextId = 1;
    public int checkpoints;

    @Override
    public synchronized TrainingRunEntity unfinished(String domain) {
        TrainingRunEntity newest = null;
        for (TrainingRunEntity r : rows.values()) {
            if (r.domain.equals(domain) && TrainingRunEntity.RUNNING.equals(r.state)) newest = r;
        }
        return newest == null ? null : copy(newest);
    }

    @Override
    public synchronized long insert(TrainingRunEntity run) {
        TrainingRunEntity r = copy(run);
        r.id = nextId++;
        rows.put(r.id, r);
        return r.id;
    }

    @Override
    public synchronized void checkpoint(long id, String stage, float progress, long updated, String candidateSha256, String modelVersion) {
        TrainingRunEntity r = rows.get(id);
        if (r == null) return;
        checkpoints++;
        r.stage = stage;
        r.progress = progress;
        r.updated = updated;
        r.candidateSha256 = candidateSha256;
        r.modelVersion = modelVersion;
    }

    @Override
    public synchronized void finish(long id, String state, String error, long at) {
        TrainingRunEntity r = rows.get(id);
        if (r == null) return;
        r.state = state;
        r.error = error;
        r.finished = at;
        r.updated = at;
    }

    @Override
    public synchronized void cancelUnfinished(String domain, long at) {
        for (TrainingRunEntity r : rows.values()) {
            if (r.domain.equals(domain) && TrainingRunEntity.RUNNING.equals(r.state)) finish(r.id, TrainingRunEntity.CANCELLED, r.error, at);
        }
    }

    @Override
    public synchronized void failUnfinished(String domain, String error, long at) {
        for (TrainingRunEntity r : rows.values()) {
            if (r.domain.equals(domain) && TrainingRunEntity.RUNNING.equals(r.state)) finish(r.id, TrainingRunEntity.FAILED, error, at);
        }
    }

    /** A copy of the stored row, or null. */
    public synchronized TrainingRunEntity byId(long id) {
        TrainingRunEntity r = rows.get(id);
        return r == null ? null : copy(r);
    }

    /** Copies of every row, oldest first. */
    public synchronized List<TrainingRunEntity> all() {
        List<TrainingRunEntity> out = new ArrayList<>();
        for (TrainingRunEntity r : rows.values()) out.add(copy(r));
        return out;
    }

    private static TrainingRunEntity copy(TrainingRunEntity r) {
        TrainingRunEntity c = new TrainingRunEntity();
        c.id = r.id;
        c.domain = r.domain;
        c.state = r.state;
        c.stage = r.stage;
        c.progress = r.progress;
        c.error = r.error;
        c.started = r.started;
        c.updated = r.updated;
        c.finished = r.finished;
        c.candidateSha256 = r.candidateSha256;
        c.modelVersion = r.modelVersion;
        return c;
    }
}

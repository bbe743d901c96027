package org.localexpert.app.data;

import org.localexpert.app.data.local.LocalExpertDatabase;
import org.localexpert.app.data.local.TrainingRunDao;
import org.localexpert.app.data.local.TrainingRunEntity;

/** {@link TrainingRunStore} over the app's Room database (the {@code training_runs} table). */
public final class RoomTrainingRunStore implements TrainingRunStore {
    private final LocalExpertDatabase db;

    public RoomTrainingRunStore(LocalExpertDatabase db) {
        this.db = db;
    }

    private TrainingRunDao runs() {
        return db.trainingRuns();
    }

    @Override
    public TrainingRunEntity unfinished(String domain) {
        return runs().unfinished(domain);
    }

    @Override
    public long insert(TrainingRunEntity run) {
        return runs().insert(run);
    }

    @Override
    public void checkpoint(long id, String stage, float progress, long updated, String candidateSha256, String modelVersion) {
        runs().checkpoint(id, stage, progress, updated, candidateSha256, modelVersion);
    }

    @Override
    public void finish(long id, String state, String error, long at) {
        runs().finish(id, state, error, at);
    }

    @Override
    public void cancelUnfinished(String domain, long at) {
        runs().cancelUnfinished(domain, at);
    }

    @Override
    public void failUnfinished(String domain, String error, long at) {
        runs().failUnfinished(domain, error, at);
    }
}

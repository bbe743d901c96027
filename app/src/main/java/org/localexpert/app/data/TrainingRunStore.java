package org.localexpert.app.data;

import org.localexpert.app.data.local.TrainingRunEntity;

/**
 * The rows of "Train my model" runs, each also its run's checkpoint (see PersonalizationJob): what the training job
 * and the training repository need of them, and nothing more, so both can be tested against an in-memory store.
 * The row type is the Room entity, a plain class of public fields. Blocking: call off the main thread.
 */
public interface TrainingRunStore {
    /** The run a restarted worker resumes: the newest RUNNING one of the domain (a copy), else null. */
    TrainingRunEntity unfinished(String domain);

    /** Stores a new run; returns its id. */
    long insert(TrainingRunEntity run);

    /** Records progress without touching the state (a concurrent cancel must not be overwritten). */
    void checkpoint(long id, String stage, float progress, long updated, String candidateSha256, String modelVersion);

    /** Ends a run: SUCCEEDED, FAILED or CANCELLED, with why (null unless FAILED). */
    void finish(long id, String state, String error, long at);

    /** Marks the domain's RUNNING run CANCELLED, so it is not resumed. */
    void cancelUnfinished(String domain, long at);

    /** Marks the domain's RUNNING run FAILED with {@code error} (a run no worker will resume). */
    void failUnfinished(String domain, String error, long at);
}

package org.localexpert.app.data.local;

import androidx.room.Dao;
import androidx.room.Insert;
import androidx.room.Query;
import androidx.room.Update;

import java.util.List;

@Dao
public interface TrainingRunDao {
    @Insert
    long insert(TrainingRunEntity run);

    @Update
    int update(TrainingRunEntity run);

    /** Records progress without touching the state (a concurrent cancel must not be overwritten). */
    @Query("UPDATE training_runs SET stage = :stage, progress = :progress, updated = :updated, candidate_sha256 = :candidateSha256, "
            + "model_version = :modelVersion WHERE id = :id")
    int checkpoint(long id, String stage, float progress, long updated, String candidateSha256, String modelVersion);

    /** Ends a run (SUCCEEDED, FAILED or CANCELLED). */
    @Query("UPDATE training_runs SET state = :state, error = :error, finished = :at, updated = :at WHERE id = :id")
    int finish(long id, String state, String error, long at);

    /** Marks the domain's unfinished run cancelled, so it is not resumed. */
    @Query("UPDATE training_runs SET state = 'CANCELLED', finished = :at, updated = :at WHERE domain = :domain AND state = 'RUNNING'")
    int cancelUnfinished(String domain, long at);

    /** Marks the domain's unfinished run FAILED with {@code error} (a run no worker will resume). */
    @Query("UPDATE training_runs SET state = 'FAILED', error = :error, finished = :at, updated = :at WHERE domain = :domain AND state = 'RUNNING'")
    int failUnfinished(String domain, String error, long at);

    @Query("SELECT * FROM training_runs WHERE id = :id")
    TrainingRunEntity byId(long id);

    /** The run a restarted worker resumes: the newest unfinished one of the domain. */
    @Query("SELECT * FROM training_runs WHERE domain = :domain AND state = 'RUNNING' ORDER BY id DESC LIMIT 1")
    TrainingRunEntity unfinished(String domain);

    @Query("SELECT * FROM training_runs WHERE domain = :domain ORDER BY id DESC")
    List<TrainingRunEntity> byDomain(String domain);

    @Query("DELETE FROM training_runs")
    int deleteAll();
}

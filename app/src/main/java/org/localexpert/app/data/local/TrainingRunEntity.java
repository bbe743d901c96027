package org.localexpert.app.data.local;

import androidx.annotation.NonNull;
import androidx.room.ColumnInfo;
import androidx.room.Entity;
import androidx.room.Index;
import androidx.room.PrimaryKey;

/**
 * One "Train my model" run. Also its checkpoint: {@link #stage} says how far it got, so a run whose process was
 * killed resumes from the last finished stage instead of starting over (see PersonalizationJob).
 */
@Entity(tableName = "training_runs", indices = {@Index({"domain", "state"})})
public class TrainingRunEntity {
    public static final String RUNNING = "RUNNING", SUCCEEDED = "SUCCEEDED", FAILED = "FAILED", CANCELLED = "CANCELLED";

    @PrimaryKey(autoGenerate = true)
    public long id;

    @NonNull
    public String domain = "";

    /** RUNNING, SUCCEEDED, FAILED or CANCELLED. */
    @NonNull
    public String state = RUNNING;

    /** The last finished stage (PersonalizationJob.Stage name). */
    @NonNull
    public String stage = "";

    /** 0..1. */
    public float progress;

    /** Why it failed (user-readable), else null. */
    public String error;

    public long started;

    public long updated;

    /** 0 while not finished. */
    public long finished;

    /** SHA-256 of the exported candidate model once written (the checkpoint of the training stage). */
    @ColumnInfo(name = "candidate_sha256")
    public String candidateSha256;

    /** The store version installed by this run, once installed. */
    @ColumnInfo(name = "model_version")
    public String modelVersion;
}

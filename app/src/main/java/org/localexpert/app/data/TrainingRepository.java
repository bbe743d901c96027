package org.localexpert.app.data;

import androidx.lifecycle.LiveData;

/** Runs "Train my model" in the background (one unique job per domain). */
public interface TrainingRepository {
    void start(String domain);

    void cancel(String domain);

    LiveData<TrainingStatus> status(String domain);
}

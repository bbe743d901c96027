package org.localexpert.app.work;

import androidx.annotation.StringRes;

import org.localexpert.app.R;

/**
 * What training is doing now, as the screen and the notification say it. {@link PersonalizationJob} reports steps,
 * not sentences, so it stays plain code; {@link PersonalizeWorker} puts them into the user's language.
 */
public enum TrainingStep {
    STARTING(R.string.training_step_starting),
    READING(R.string.training_step_reading),
    LEARNING(R.string.training_step_learning),
    FITTING(R.string.training_step_fitting),
    MEASURING(R.string.training_step_measuring),
    INSTALLING(R.string.training_step_installing),
    DONE(R.string.training_step_done);

    /** The step in words, e.g. "Looking at your examples…". */
    @StringRes
    public final int words;

    TrainingStep(@StringRes int words) {
        this.words = words;
    }
}

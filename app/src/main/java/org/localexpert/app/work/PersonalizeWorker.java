package org.localexpert.app.work;

import android.content.Context;
import android.util.Log;

import androidx.annotation.NonNull;
import androidx.work.Data;
import androidx.work.WorkManager;
import androidx.work.Worker;
import androidx.work.WorkerParameters;

import com.google.common.util.concurrent.ListenableFuture;

import org.localexpert.app.AppContainer;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.text.Failure;
import org.localexpert.core.store.FileSystemFaults;

import java.util.concurrent.ExecutionException;

/**
 * WorkManager's shell around {@link PersonalizationJob}: runs it in the foreground with a progress notification,
 * publishes progress ({@link #setProgressAsync}) for the personalize screen, and stops when cancelled. A run killed
 * with its process is resumed by the next attempt from the job's checkpoint.
 */
public final class PersonalizeWorker extends Worker {
    /**
     * Input: KEY_DOMAIN. Progress: KEY_PROGRESS (0..1), KEY_MESSAGE (the step, in the user's language). Output:
     * KEY_VERSION, KEY_RUN and KEY_MESSAGE on success; KEY_ERROR on failure: what the user can do, in their language.
     */
    public static final String KEY_DOMAIN = "domain", KEY_PROGRESS = "progress", KEY_MESSAGE = "message",
            KEY_ERROR = "error", KEY_VERSION = "version", KEY_RUN = "run";
    private static final String TAG = "LocalExpert";

    private float lastPublished = -1;
    /** False once the system refused the foreground notification. */
    private volatile boolean foreground = true;

    public PersonalizeWorker(@NonNull Context context, @NonNull WorkerParameters params) {
        super(context, params);
    }

    @NonNull
    @Override
    public Result doWork() {
        String domain = getInputData().getString(KEY_DOMAIN);
        try {
            Domain.check(domain);
        } catch (IllegalArgumentException e) {
            return Result.failure(new Data.Builder().putString(KEY_ERROR, e.getMessage()).build());
        }
        TrainingNotifications notifications = new TrainingNotifications(getApplicationContext());
        try {
            PersonalizationJob job = AppContainer.get(getApplicationContext()).personalization();
            publish(domain, notifications, 0f, TrainingStep.STARTING);
            PersonalizationJob.Result r = job.run(domain, (p, step) -> publish(domain, notifications, p, step), this::isStopped);
            String done = getApplicationContext().getString(R.string.training_done, r.version.id());
            notifications.finished(domain, done);
            return Result.success(new Data.Builder()
                    .putString(KEY_VERSION, r.version.id())
                    .putLong(KEY_RUN, r.runId)
                    .putString(KEY_MESSAGE, done)
                    .build());
        } catch (PersonalizationJob.Stopped e) {
            // Cancelled, or stopped by the system: WorkManager ignores this result; the run stays resumable.
            return Result.failure(new Data.Builder().putString(KEY_ERROR, "stopped").build());
        } catch (FileSystemFaults.SimulatedCrash e) {
            throw e; // a test's dead process: nothing runs after it
        } catch (Throwable e) {
            // PersonalizationJob.Failed, or anything before the job got going (opening the database, say): the
            // screen shows KEY_ERROR, so it must say what to do, in the user's language (the screen puts "Training
            // did not finish." before it).
            Log.w(TAG, "training failed: " + e.getMessage(), e);
            String advice = Failure.advice(getApplicationContext(), e);
            notifications.finished(domain, getApplicationContext().getString(R.string.training_failed, advice));
            return Result.failure(new Data.Builder().putString(KEY_ERROR, advice).build());
        }
    }

    /** Progress to WorkManager (the screen's LiveData) and the notification, at most every 2 %. */
    private void publish(String domain, TrainingNotifications notifications, float progress, TrainingStep step) {
        if (progress < 1f && progress - lastPublished < 0.02f && lastPublished >= 0) return;
        lastPublished = progress;
        String message = getApplicationContext().getString(step.words);
        setProgressAsync(new Data.Builder().putFloat(KEY_PROGRESS, progress).putString(KEY_MESSAGE, message).build());
        if (!foreground) return;
        try {
            ListenableFuture<Void> started = setForegroundAsync(notifications.foreground(domain, progress, message,
                    WorkManager.getInstance(getApplicationContext()).createCancelPendingIntent(getId())));
            started.addListener(() -> {
                try {
                    started.get();
                } catch (ExecutionException | InterruptedException | RuntimeException e) {
                    refusedForeground(e instanceof ExecutionException ? e.getCause() : e);
                }
            }, Runnable::run);
        } catch (RuntimeException e) {
            refusedForeground(e);
        }
    }

    /**
     * Android 12+ may refuse a foreground service started from the background (ForegroundServiceStartNotAllowedException,
     * which arrives through the future): training goes on without the notification - the screen shows the same
     * progress - and is not asked again at every step.
     */
    private void refusedForeground(Throwable why) {
        foreground = false;
        Log.w(TAG, "training continues without its foreground notification: " + why);
    }
}

package org.localexpert.app.ui.common;

import androidx.arch.core.executor.ArchTaskExecutor;
import androidx.arch.core.executor.TaskExecutor;

import org.junit.rules.TestWatcher;
import org.junit.runner.Description;

/**
 * What androidx's InstantTaskExecutorRule does (core-testing is not among the app's test dependencies): LiveData's
 * postValue sets the value at once, on the calling thread, which counts as the main thread. With a direct
 * executor ({@code Runnable::run}) as a view model's io, its background work and what it posts happen inside the
 * call: a test asserts right after, no waiting. Only the main looper's own posts (a predictor's answer) still need
 * {@code shadowOf(getMainLooper()).idle()}.
 */
public final class InstantLiveData extends TestWatcher {
    @Override
    protected void starting(Description description) {
        ArchTaskExecutor.getInstance().setDelegate(new TaskExecutor() {
            @Override
            public void executeOnDiskIO(Runnable runnable) {
                runnable.run();
            }

            @Override
            public void postToMainThread(Runnable runnable) {
                runnable.run();
            }

            @Override
            public boolean isMainThread() {
                return true;
            }
        });
    }

    @Override
    protected void finished(Description description) {
        ArchTaskExecutor.getInstance().setDelegate(null);
    }
}

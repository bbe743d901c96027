package org.localexpert.app;

import android.app.Application;

import androidx.work.Configuration;

/**
 * The application object: owns the process-wide {@link AppContainer} (built lazily, so tests can install fakes
 * before anything touches the database) and configures WorkManager on demand (the manifest removes its
 * start-up initializer).
 */
public class LocalExpertApp extends Application implements Configuration.Provider {
    public AppContainer container() {
        return AppContainer.get(this);
    }

    @Override
    public Configuration getWorkManagerConfiguration() {
        return new Configuration.Builder().setMinimumLoggingLevel(android.util.Log.INFO).build();
    }
}

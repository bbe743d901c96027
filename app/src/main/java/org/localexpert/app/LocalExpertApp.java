package org.localexpert.app;

import android.app.Application;

/**
 * The application object: owns the process-wide {@link AppContainer} (built lazily, so tests can install fakes
 * before anything touches the database).
 */
public class LocalExpertApp extends Application {
    public AppContainer container() {
        return AppContainer.get(this);
    }
}

package org.localexpert.app;

import android.content.Context;

/** Builds the production {@link AppContainer}: Room, app-private files, TFLite, WorkManager. */
final class RealContainer {
    private RealContainer() {}

    static AppContainer create(Context app) {
        throw new UnsupportedOperationException("the real repositories are being built (app-core); tests use AppContainer.set(fakes)");
    }
}

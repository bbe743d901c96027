package org.localexpert.app.data;

import org.localexpert.core.store.ModelRejectedException;
import org.localexpert.core.store.ModelVersion;

import java.io.IOException;

/**
 * Installing a personal model trained by a run: what the training job needs of the model store (the screens use
 * {@link ModelRepository}). Blocking: call off the main thread.
 */
public interface ModelInstaller {
    /**
     * Verifies and installs {@code model}, tagged with the run that trained it; it becomes active only once verified
     * and written. Throws ModelRejectedException with the reason when verification fails.
     */
    ModelVersion install(String domain, byte[] model, ModelMetrics metrics, long runId) throws IOException, ModelRejectedException;

    /** The version run {@code runId} installed, if kept (a resumed run must not install twice); else null. */
    ModelVersion installedBy(String domain, long runId);
}

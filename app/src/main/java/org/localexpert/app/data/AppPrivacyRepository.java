package org.localexpert.app.data;

import org.localexpert.app.data.local.LocalExpertDatabase;
import org.localexpert.core.store.AtomicFile;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * "Delete all my data": stops training, removes every row (samples, labels, runs, diagnoses, personal models),
 * then every file under the user-data folders. Rows go first so that a crash part-way never leaves a row naming a
 * deleted file; files left by such a crash are removed at the next start (and by calling this again).
 */
public final class AppPrivacyRepository implements PrivacyRepository {
    private final LocalExpertDatabase db;
    private final AppFiles files;
    private final AtomicFile atomic;
    private final StoreModelRepository models;
    private final Runnable stopTraining;

    public AppPrivacyRepository(LocalExpertDatabase db, AppFiles files, AtomicFile atomic, StoreModelRepository models, Runnable stopTraining) {
        this.db = db;
        this.files = files;
        this.atomic = atomic;
        this.models = models;
        this.stopTraining = stopTraining;
    }

    @Override
    public void deleteAllMyData() {
        stopTraining.run();
        db.runInTransaction(() -> {
            db.samples().deleteAll();
            db.labels().deleteAll();
            db.trainingRuns().deleteAll();
            db.diagnoses().deleteAll();
        });
        try {
            models.deleteAll();
            for (File f : files.userDataFolders()) deleteTree(f);
        } catch (IOException e) {
            throw new UncheckedIOException("Some files could not be deleted (" + e.getMessage() + "); please try again.", e);
        }
    }

    private void deleteTree(File f) throws IOException {
        if (!f.exists()) return;
        File[] children = f.listFiles();
        if (children != null) for (File c : children) deleteTree(c);
        if (!atomic.delete(f.toPath()) && f.exists()) throw new IOException("cannot delete " + f);
    }
}

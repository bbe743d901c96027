package org.localexpert.app.fake;

import org.localexpert.app.AppContainer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * All fakes wired together. In a test: {@code FakeAppContainer f = FakeAppContainer.install();} before launching
 * the activity, then drive/inspect {@code f.samples}, {@code f.training}, ...; call {@link #uninstall()} in @After.
 */
public final class FakeAppContainer {
    public final FakeSampleRepository samples;
    public final FakeModelRepository models = new FakeModelRepository();
    public final FakeDiagnosisRepository diagnoses = new FakeDiagnosisRepository();
    public final FakeTrainingRepository training;
    public final FakePrivacyRepository privacy;
    public final FakePredictor predictor = new FakePredictor();
    public final ExecutorService io = Executors.newSingleThreadExecutor();
    public final AppContainer container;

    public FakeAppContainer(File dir) {
        samples = new FakeSampleRepository(dir);
        training = new FakeTrainingRepository(models);
        privacy = new FakePrivacyRepository(samples, models, diagnoses);
        container = new AppContainer(samples, models, diagnoses, training, privacy, predictor, io);
    }

    private static FakeAppContainer installed;

    /** Builds the fakes over a fresh temporary directory and installs them with {@link AppContainer#set}. */
    public static FakeAppContainer install() {
        try {
            FakeAppContainer f = new FakeAppContainer(Files.createTempDirectory("fake-app").toFile());
            AppContainer.set(f.container);
            installed = f;
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Forgets the installed fakes and stops their background thread, so no task of one test still runs (and posts to
     * the main looper Robolectric is resetting) while the next test starts.
     */
    public static void uninstall() {
        AppContainer.set(null);
        FakeAppContainer f = installed;
        installed = null;
        if (f == null) return;
        f.io.shutdownNow();
        try {
            if (!f.io.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new AssertionError("a background task of the fakes did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

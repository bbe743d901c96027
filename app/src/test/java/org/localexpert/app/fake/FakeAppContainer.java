package org.localexpert.app.fake;

import org.localexpert.app.AppContainer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * All fakes wired together. In a test: {@code FakeAppContainer f = FakeAppContainer.install();} before launching
 * the activity, then drive/inspect {@code f.samples}, {@code f.training}, ...; call {@code AppContainer.set(null)} in @After.
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

    /** Builds the fakes over a fresh temporary directory and installs them with {@link AppContainer#set}. */
    public static FakeAppContainer install() {
        try {
            FakeAppContainer f = new FakeAppContainer(Files.createTempDirectory("fake-app").toFile());
            AppContainer.set(f.container);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

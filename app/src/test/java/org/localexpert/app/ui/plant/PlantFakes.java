package org.localexpert.app.ui.plant;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.localexpert.app.AppContainer;
import org.localexpert.app.camera.CameraSources;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ModelInfo;
import org.localexpert.app.fake.FakeDiagnosisRepository;
import org.localexpert.app.fake.FakeModelRepository;
import org.localexpert.app.fake.FakePrivacyRepository;
import org.localexpert.app.fake.FakeSampleRepository;
import org.localexpert.app.fake.FakeTrainingRepository;
import org.localexpert.app.inference.Predictor;
import org.localexpert.core.predict.Prediction;

/**
 * app-core's in-memory fakes, wired for the plant screens: the active plant model is the real shipped GE
 * file (so Grad-CAM explains the model that answered) and the plant labels are that model's labels.
 */
public final class PlantFakes {
    public final FakeSampleRepository samples;
    public final FakeModelRepository models;
    public final FakeDiagnosisRepository diagnoses = new FakeDiagnosisRepository();
    public final FakePrivacyRepository privacy;
    public final ExecutorService io = Executors.newSingleThreadExecutor();
    public final AppContainer container;

    public PlantFakes(Path geFile, List<String> geLabels, Predictor predictor) throws IOException {
        File dir = Files.createTempDirectory("plant-ui").toFile();
        samples = new FakeSampleRepository(dir) {
            @Override
            public synchronized List<String> labels(String domain) {
                if (!Domain.PLANT.equals(domain)) return super.labels(domain);
                List<String> out = new ArrayList<>(geLabels);
                for (String l : super.labels(domain)) if (!FakeSampleRepository.PLANT_LABELS.contains(l)) out.add(l);
                return out;
            }
        };
        models = new FakeModelRepository() {
            @Override
            public synchronized ModelInfo active(String domain) {
                ModelInfo m = super.active(domain);
                if (Domain.PLANT.equals(domain) && !m.personal && geFile != null) m.file = geFile.toFile();
                return m;
            }

            @Override
            public byte[] activeBytes(String domain) {
                try {
                    return Domain.PLANT.equals(domain) && geFile != null ? Files.readAllBytes(geFile) : super.activeBytes(domain);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        privacy = new FakePrivacyRepository(samples, models, diagnoses);
        container = new AppContainer(samples, models, diagnoses, new FakeTrainingRepository(models), privacy, predictor, io);
        AppContainer.set(container);
    }

    /**
     * The fakes installed with the shipped plant GE answering photos (real answers on the Java engine) and
     * {@code drawings} answering handwriting (null: handwriting is not asked for).
     */
    public static PlantFakes withShippedPlantModel(Predictor drawings) throws Exception {
        PlantGePredictor photos = new PlantGePredictor(PlantTestData.plantGe());
        Predictor both = drawings == null ? photos : new Predictor() {
            @Override
            public void predict(String domain, float[] input, Consumer<Prediction> onResult, Consumer<Exception> onError) {
                (Domain.PLANT.equals(domain) ? photos : drawings).predict(domain, input, onResult, onError);
            }

            @Override
            public String backend(String domain) {
                return photos.backend(domain);
            }
        };
        return new PlantFakes(PlantTestData.plantGe(), photos.labels(), both);
    }

    /** Forgets the container and any camera installed, and stops the io thread (a test's @After). */
    public void uninstall() {
        AppContainer.set(null);
        CameraSources.set(null);
        io.shutdownNow();
    }
}

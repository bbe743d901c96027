package org.localexpert.app.ui.plant;

import android.os.Handler;
import android.os.Looper;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.localexpert.app.data.Domain;
import org.localexpert.app.inference.Predictor;
import org.localexpert.core.predict.Classifier;
import org.localexpert.core.predict.Prediction;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tflite.ModelFile;

/**
 * A real plant predictor for UI tests: ml-core's {@link Classifier} with the Java engine on the shipped
 * plant GE ({@code models/plant/plant-ge.tflite}) and its calibrated "unsure" threshold, so a photo of rust
 * must really be read as Rust and a grey square must really be refused. Answers are posted to the main
 * looper, as the app's predictor does.
 */
public final class PlantGePredictor implements Predictor {
    private final Classifier classifier;
    private final Handler main = new Handler(Looper.getMainLooper());

    public PlantGePredictor(Path model) throws Exception {
        ModelFile file = ModelFile.load(model);
        classifier = Classifier.of(new JavaEngine(file.toModel()), file.metadata());
    }

    public List<String> labels() {
        return classifier.labels();
    }

    @Override
    public void predict(String domain, float[] input, Consumer<Prediction> onResult, Consumer<Exception> onError) {
        if (!Domain.PLANT.equals(domain)) throw new IllegalArgumentException("this test predictor only knows plants, not " + domain);
        Prediction p;
        try {
            synchronized (classifier) {
                p = classifier.classify(input);
            }
        } catch (RuntimeException e) {
            main.post(() -> onError.accept(e));
            return;
        }
        main.post(() -> onResult.accept(p));
    }

    @Override
    public String backend(String domain) {
        return "Java engine (tests)";
    }
}

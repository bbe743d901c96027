package org.localexpert.app.ui.handwriting;

import android.os.Handler;
import android.os.Looper;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Consumer;

import org.localexpert.app.data.Domain;
import org.localexpert.app.inference.Predictor;
import org.localexpert.core.predict.Classifier;
import org.localexpert.core.predict.Prediction;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tflite.ModelFile;

/**
 * A real handwriting predictor for UI tests: ml-core's {@link Classifier} with the Java engine on the
 * shipped GE file of this repository ({@code models/handwriting/handwriting-ge.tflite}), so a drawn
 * "7" must really be read as 7. Answers are posted to the main looper, as the app's predictor does.
 */
final class GePredictor implements Predictor {
    static final Path GE = Paths.get(System.getProperty("localexpert.models", "../models"), "handwriting", "handwriting-ge.tflite");

    private final Classifier classifier;
    private final Handler main = new Handler(Looper.getMainLooper());

    GePredictor() throws Exception {
        ModelFile file = ModelFile.load(GE);
        classifier = Classifier.of(new JavaEngine(file.toModel()), file.metadata());
    }

    @Override
    public void predict(String domain, float[] input, Consumer<Prediction> onResult) {
        if (!Domain.HANDWRITING.equals(domain)) throw new IllegalArgumentException("this test predictor only knows handwriting, not " + domain);
        Prediction p = classifier.classify(input);
        main.post(() -> onResult.accept(p));
    }

    @Override
    public String backend(String domain) {
        return "Java engine (tests)";
    }
}

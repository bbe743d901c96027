package org.localexpert.app.inference;

import org.localexpert.core.predict.Prediction;

import java.util.function.Consumer;

/** Runs the active model of a domain on one dedicated inference thread; results arrive on the main thread. */
public interface Predictor {
    /** {@code input}: the preprocessed NHWC float input (HandwritingPreprocessor / PhotoPreprocessor output). */
    void predict(String domain, float[] input, Consumer<Prediction> onResult);

    /** "GPU delegate", "CPU XNNPACK 2 threads" or "Java engine (tests)". */
    String backend(String domain);
}

package org.localexpert.app.inference;

import org.localexpert.core.predict.Prediction;

import java.util.function.Consumer;

/** Runs the active model of a domain on one dedicated inference thread; results arrive on the main thread. */
public interface Predictor {
    /**
     * {@code input}: the preprocessed NHWC float input (HandwritingPreprocessor / PhotoPreprocessor output).
     * Exactly one of the callbacks runs, on the main thread: {@code onError} when the prediction fails
     * (e.g. the active model cannot be read), so the screen can say so instead of waiting forever.
     */
    void predict(String domain, float[] input, Consumer<Prediction> onResult, Consumer<Exception> onError);

    /** "GPU delegate", "CPU XNNPACK 2 threads" or "Java engine (tests)". */
    String backend(String domain);
}

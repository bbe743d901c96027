package org.localexpert.core.runtime;

/**
 * Runs a model on float32 inputs: the one interface behind which the app (TFLite on the phone's GPU
 * or CPU), the host (real TFLite through DJL's native library) and the tests (the Java engine) sit,
 * so code that predicts does not care which one answers.
 *
 * <p>Shapes include the batch dimension first (NHWC for images). Inputs and outputs are flat
 * row-major arrays of exactly the shape's size. An engine is not thread-safe; close it to free
 * native memory.
 */
public interface InferenceEngine extends AutoCloseable {
    int inputCount();

    int outputCount();

    /** Current shape of input {@code i}, batch first. */
    int[] inputShape(int i);

    /** Shape of output {@code i} for the current input shapes. */
    int[] outputShape(int i);

    /** Changes the shape of input {@code i} — in practice its batch size — before the next run. */
    void resizeInput(int i, int[] shape);

    /** Runs the model once; one array per input, returns one array per output. */
    float[][] run(float[]... inputs);

    /** What runs the model, for logs and the app's settings screen, e.g. "TFLite 2.6.2 CPU (XNNPACK, 1 thread)". */
    String backend();

    @Override
    void close();
}

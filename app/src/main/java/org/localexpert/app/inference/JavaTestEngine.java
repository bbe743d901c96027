package org.localexpert.app.inference;

import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.JavaEngine;

/** ml-core's Java engine, named as the settings screen should show it (tests, or a phone where TFLite's natives are absent). */
final class JavaTestEngine implements InferenceEngine {
    private final JavaEngine engine;
    private final String backend;

    JavaTestEngine(JavaEngine engine) {
        this(engine, "Java engine (tests)");
    }

    JavaTestEngine(JavaEngine engine, String backend) {
        this.engine = engine;
        this.backend = backend;
    }

    @Override public int inputCount() { return engine.inputCount(); }
    @Override public int outputCount() { return engine.outputCount(); }
    @Override public int[] inputShape(int i) { return engine.inputShape(i); }
    @Override public int[] outputShape(int i) { return engine.outputShape(i); }
    @Override public void resizeInput(int i, int[] shape) { engine.resizeInput(i, shape); }
    @Override public float[][] run(float[]... inputs) { return engine.run(inputs); }
    @Override public String backend() { return backend; }
    @Override public void close() { engine.close(); }
}

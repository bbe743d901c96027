package org.localexpert.core.tflite;

/** Lets tests in other packages use the tflite tests' hand-built models. */
public final class TestModelsAccess {
    private TestModelsAccess() {}

    public static TfliteModel smallCnn(long seed) {
        return TestModels.smallCnn(seed);
    }
}

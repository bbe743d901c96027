package org.localexpert.app.inference;

import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteReader;

/** Opens an engine for model bytes: TFLite on the phone; ml-core's Java engine where TFLite's natives are absent. */
public interface EngineFactory {
    InferenceEngine open(byte[] model) throws Exception;

    /** ml-core's Java engine on the same .tflite (JVM tests under Robolectric, where TFLite's natives do not load). */
    EngineFactory JAVA = model -> new JavaTestEngine(new JavaEngine(ModelImporter.toModel(TfliteReader.read(model))));

    /** The phone: TFLite with the GPU delegate when supported, else XNNPACK. */
    EngineFactory TFLITE = model -> new TfliteEngine(model, true);

    /**
     * TFLite when its native library loads, else the Java engine. Robolectric cannot load Android native
     * libraries, so JVM tests get the Java engine on the same model bytes and their predictions are real.
     */
    static EngineFactory best() {
        try {
            Class.forName("org.tensorflow.lite.TensorFlowLite").getMethod("init").invoke(null);
            return TFLITE;
        } catch (Throwable t) {
            return JAVA;
        }
    }
}

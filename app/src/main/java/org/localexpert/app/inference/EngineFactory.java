package org.localexpert.app.inference;

import android.util.Log;

import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteReader;
import org.tensorflow.lite.TensorFlowLite;

import java.util.Arrays;
import java.util.List;

/** Opens an engine for model bytes: TFLite on the phone; ml-core's Java engine where TFLite's natives are absent. */
public interface EngineFactory {
    InferenceEngine open(byte[] model) throws Exception;

    /** ml-core's Java engine on the same .tflite (JVM tests under Robolectric, where TFLite's natives do not load). */
    EngineFactory JAVA = model -> new JavaTestEngine(new JavaEngine(ModelImporter.toModel(TfliteReader.read(model))));

    /**
     * The phone: the GPU delegate where it opens and answers, else TFLite on the CPU with XNNPACK, else ml-core's Java
     * engine ({@link FallbackEngine}: a failure while opening or at the first run moves on, and Settings shows why).
     */
    EngineFactory TFLITE = tflite(TfliteEngine.Runtime.TFLITE);

    /**
     * The same model on the CPU alone, named with why not the GPU: where {@link GoldenGpuCheck} sends a model the GPU
     * answered differently, and its reference. A factory that never uses the GPU is its own CPU.
     */
    default GoldenGpuCheck.CpuOpener cpu() {
        return (model, whyNotGpu) -> open(model);
    }

    /** {@link #TFLITE} over {@code runtime}'s interpreters and delegates (tests give fakes that fail on cue). */
    static EngineFactory tflite(TfliteEngine.Runtime runtime) {
        List<FallbackEngine.Way> ways = Arrays.asList(
                new FallbackEngine.Way(TfliteEngine.GPU_NAME, (model, why) -> TfliteEngine.onGpu(model, runtime)),
                new FallbackEngine.Way("TensorFlow Lite on the CPU", (model, why) -> TfliteEngine.onCpu(model, why, runtime)),
                new FallbackEngine.Way("Java engine", (model, why) -> javaBecause(why).open(model)));
        return new EngineFactory() {
            @Override
            public InferenceEngine open(byte[] model) throws Exception {
                return FallbackEngine.open(model, ways);
            }

            @Override
            public GoldenGpuCheck.CpuOpener cpu() {
                // The ways after the GPU, each told why the GPU is not used (and the Java engine also why the CPU was not).
                return (model, whyNotGpu) -> FallbackEngine.open(model, Arrays.asList(
                        new FallbackEngine.Way("TensorFlow Lite on the CPU", (m, why) -> TfliteEngine.onCpu(m, whyNotGpu, runtime)),
                        new FallbackEngine.Way("Java engine", (m, why) -> javaBecause(whyNotGpu == null ? why
                                : why == null ? whyNotGpu : whyNotGpu + "; " + why).open(m))));
            }
        };
    }

    /**
     * TFLite when its native library loads, else the Java engine, which says why in its backend name (the Settings
     * screen lists each domain's backend). A phone where TFLite's .so cannot load must still answer: a 16 KB-page
     * phone refuses Maven Central's TFLite (linked for 4 KB pages), a device whose ABI the APK lacks has none. Robolectric
     * cannot load Android native libraries either, so JVM tests of the real wiring get the Java engine on the same
     * model bytes and their predictions are real.
     */
    static EngineFactory best() {
        String failure = tfliteLoadFailure();
        if (failure != null) {
            Log.w("LocalExpert", "TensorFlow Lite's native library did not load, using the Java engine: " + failure);
            return javaBecause("TensorFlow Lite did not load: " + failure);
        }
        return TFLITE;
    }

    /** ml-core's Java engine on the phone, named with why TFLite is not used (shown in Settings). */
    static EngineFactory javaBecause(String why) {
        return model -> new JavaTestEngine(new JavaEngine(ModelImporter.toModel(TfliteReader.read(model))), "Java engine (" + why + ")");
    }

    /** Null when TFLite's native library is loaded and usable, else why not (the dynamic linker's words). */
    static String tfliteLoadFailure() {
        try {
            TensorFlowLite.init();
            return null;
        } catch (LinkageError e) { // UnsatisfiedLinkError, or NoClassDefFoundError after a failed static initializer
            return shortMessage(e);
        }
    }

    /**
     * The useful line of a link error: TensorFlowLite.init() wraps the loader's message ("dlopen failed: ...
     * program alignment (4096) cannot be smaller than system page size (16384)") after a paragraph of advice.
     */
    static String shortMessage(Throwable e) {
        String m = String.valueOf(e.getMessage()).trim();
        int nl = m.lastIndexOf('\n');
        return nl >= 0 ? m.substring(nl + 1).trim() : m;
    }
}

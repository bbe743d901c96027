package org.localexpert.core.moe;

import java.util.Arrays;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.runtime.Shapes;

/**
 * The frozen GE's penultimate features and class probabilities of one input at a time, computed by
 * the engine the app predicts with: TFLite (XNNPACK or the GPU delegate) on the phone, real TFLite on
 * the host, through {@link InferenceEngine}. The engine runs the GE's feature graph
 * ({@link GlobalExpert#featureGraph()}: the GE's own layers with its features as a second output), so
 * nothing about the shipped GE file has to change. When the engine cannot be opened — no native
 * library, a delegate that refuses the graph — the Java engine runs the same graph and
 * {@link #fallbackReason()} says why.
 *
 * <p>One input at a time is the point: personalization's memory then grows with the number of
 * samples only by their feature vectors, never by their pixels.
 */
public final class FeatureExtractor implements AutoCloseable {
    /** Opens an engine on a .tflite flatbuffer (the app's engine factory, the host's TFLite). */
    public interface Opener {
        InferenceEngine open(byte[] tflite) throws Exception;
    }

    private final InferenceEngine engine;
    private final int featureSize;
    private final int classes;
    private final int inputSize;
    private final String fallbackReason;

    private FeatureExtractor(InferenceEngine engine, GlobalExpert ge, String fallbackReason) {
        this.engine = engine;
        this.featureSize = ge.featureSize();
        this.classes = ge.numClasses();
        this.inputSize = ge.inputSize();
        this.fallbackReason = fallbackReason;
    }

    /** The Java engine: the reference, and what runs where no other engine loads. */
    public static FeatureExtractor java(GlobalExpert ge) {
        return new FeatureExtractor(new JavaEngine(ge.featureModel()), ge, null);
    }

    /**
     * The GE's feature graph on the engine {@code opener} opens; the Java engine when that fails for
     * any reason (the failure is kept in {@link #fallbackReason()}, not thrown).
     */
    public static FeatureExtractor open(GlobalExpert ge, Opener opener) {
        InferenceEngine engine = null;
        try {
            engine = opener.open(ge.featureGraph());
            int[] inShape = engine.inputShape(0);
            if (engine.inputCount() != 1 || engine.outputCount() != 2 || Shapes.size(inShape) != ge.inputSize()
                    || Shapes.size(engine.outputShape(0)) != ge.featureSize() || Shapes.size(engine.outputShape(1)) != ge.numClasses()) {
                throw new IllegalStateException("the engine sees the feature graph as " + engine.inputCount() + " input(s) " + Arrays.toString(inShape)
                        + " and " + engine.outputCount() + " output(s)");
            }
            return new FeatureExtractor(engine, ge, null);
        } catch (Exception | LinkageError e) {
            if (engine != null) {
                try {
                    engine.close();
                } catch (RuntimeException ignored) {
                    // already failing: the fallback below is what matters
                }
            }
            String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new FeatureExtractor(new JavaEngine(ge.featureModel()), ge, why);
        }
    }

    /** Runs the GE on one input (flat, the GE's input shape) and copies out its features and probabilities. */
    public void extract(float[] input, float[] features, float[] probabilities) {
        if (input.length != inputSize) throw new IllegalArgumentException("input has " + input.length + " values, the GE takes " + inputSize);
        float[][] out = engine.run(input);
        System.arraycopy(out[0], 0, features, 0, featureSize);
        System.arraycopy(out[1], 0, probabilities, 0, classes);
    }

    public int featureSize() {
        return featureSize;
    }

    public int classes() {
        return classes;
    }

    /** What computes the features, e.g. "TFLite 2.6.2 CPU (XNNPACK, 1 thread)". */
    public String backend() {
        return engine.backend();
    }

    /** Why the engine asked for could not be used (null when it is in use). */
    public String fallbackReason() {
        return fallbackReason;
    }

    @Override
    public void close() {
        engine.close();
    }
}

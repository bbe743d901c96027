package org.localexpert.experiments.perf;

import java.util.Iterator;
import java.util.ServiceLoader;
import org.localexpert.core.model.Model;
import org.localexpert.core.tensor.Tensor;

/**
 * Another library's training step for the same network, so {@code bench-perf} can put the Java
 * engine's training throughput next to it. Implementations live outside ml-core (DL4J is in the
 * benchmark-only module {@code experiments/dl4j}, built with {@code mvn -Pbench}) and are found with
 * {@link ServiceLoader}; without one on the class path the comparison is simply not run.
 */
public interface TrainingBaseline {
    /** What runs, with its version and native back end, e.g. "DL4J 1.0.0-M2.1 (nd4j-native, CPU)". */
    String name();

    /**
     * Builds the library's own network with {@code model}'s architecture (layer types, sizes,
     * activations, padding) and returns one training step: zero gradients, forward in training
     * mode, softmax cross-entropy, backward — no optimizer update — on batch {@code i % inputs.length}
     * for the i-th call. {@code inputs} are NHWC float batches; the step may convert them once
     * here, before any timing.
     *
     * @throws UnsupportedOperationException when the model has a layer the baseline cannot build
     */
    Runnable trainingStep(Model model, Tensor[] inputs, int[][] labels, int threads);

    /** The first baseline on the class path, or null. */
    static TrainingBaseline find() {
        Iterator<TrainingBaseline> it = ServiceLoader.load(TrainingBaseline.class).iterator();
        return it.hasNext() ? it.next() : null;
    }
}

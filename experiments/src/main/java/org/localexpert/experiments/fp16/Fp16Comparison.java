package org.localexpert.experiments.fp16;

import org.localexpert.core.predict.Classifier;
import org.localexpert.core.runtime.InferenceOptions;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tflite.IncompatibleModelException;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteFormatException;
import org.localexpert.core.tflite.TfliteModel;

/**
 * One model file run twice on each input — float32 (the Java engine) and the {@link Fp16Engine} — through the
 * app's own {@link Classifier} (labels, gate, "unsure" threshold from the file's metadata), with the
 * decisions that differ counted in a {@link DecisionChanges}. Two fresh imports of the file, so rounding the
 * FP16 copy's weights cannot touch the reference.
 */
public final class Fp16Comparison implements AutoCloseable {
    private final Classifier reference, fp16;
    private final DecisionChanges changes;

    public Fp16Comparison(String name, TfliteModel file, int threads) throws IncompatibleModelException, TfliteFormatException {
        LocalExpertMetadata meta = LocalExpertMetadata.read(file);
        this.reference = Classifier.of(new JavaEngine(ModelImporter.toModel(file), new InferenceOptions().threads(threads)), meta);
        this.fp16 = Classifier.of(Fp16Engine.of(file, threads), meta);
        this.changes = new DecisionChanges(name);
    }

    /** Classifies {@code input} both ways and counts what changed. */
    public void check(float[] input) {
        changes.add(reference.classify(input), fp16.classify(input));
    }

    public boolean isMixture() {
        return reference.isMixture();
    }

    /** The threshold the file's metadata gives the "unsure" rule. */
    public float unsureBelow() {
        return reference.rule().threshold().value();
    }

    public DecisionChanges changes() {
        return changes;
    }

    @Override
    public void close() {
        reference.close();
        fp16.close();
    }
}

package org.localexpert.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.model.Model;
import org.localexpert.core.train.HandwritingRecipes;

/**
 * The personalization experiment's benchmark GE: the handwriting GE recipe
 * ({@link HandwritingRecipes}, the same architecture and training as the shipped GE) trained on the
 * SD-3 (Census employee) digits of MNIST train only ({@link HandwritingSplits#benchmarkGeTraining}),
 * so it has never seen a high-school student's handwriting — the users' "accent".
 *
 * <p>Training takes ~27 minutes on a 2-core machine, so the trained model ships with the project as
 * {@value #SHIPPED}: the inference graph with softmax and LocalExpert metadata whose role is
 * {@value #ROLE} and whose recipe property must match this build's. {@code demo} reads it here; the
 * experiments train and write it ({@code org.localexpert.experiments.BenchmarkGeTraining}).
 */
public final class BenchmarkGe {
    public static final long SEED = 20261124L;
    /** The committed benchmark GE, relative to the project root. */
    public static final String SHIPPED = "models/handwriting/benchmark-ge.tflite";
    /** Metadata role that marks a .tflite as the personalization experiment's benchmark GE. */
    public static final String ROLE = "benchmark-ge";
    /** The metadata property holding {@link #recipe()}: a file of another recipe is refused. */
    public static final String RECIPE_PROPERTY = "recipe";

    private BenchmarkGe() {}

    /** The untrained network (logits output). */
    public static Model untrained() {
        return HandwritingRecipes.geModel(SEED);
    }

    /** The recipe (architecture and training settings) this build trains the benchmark GE with. */
    public static String recipe() {
        return HandwritingRecipes.geConfig().toString();
    }

    /**
     * Reads a benchmark GE written by the experiments (probabilities output, frozen); fails
     * clearly when the file is not one or was made with another recipe.
     */
    public static Model readTflite(Path file) throws IOException {
        try {
            org.localexpert.core.tflite.TfliteModel tm = org.localexpert.core.tflite.TfliteReader.read(file);
            org.localexpert.core.tflite.LocalExpertMetadata meta = org.localexpert.core.tflite.LocalExpertMetadata.read(tm);
            if (meta == null || !ROLE.equals(meta.role())) {
                throw new IOException(file + " is not a benchmark GE (its metadata role is " + (meta == null ? "missing" : meta.role()) + ")");
            }
            if (!recipe().equals(meta.properties().get(RECIPE_PROPERTY))) {
                throw new IOException(file + " was trained with another recipe (" + meta.properties().get(RECIPE_PROPERTY)
                        + "); this build's is " + recipe());
            }
            Model m = org.localexpert.core.tflite.ModelImporter.toModel(tm);
            m.freeze();
            return m;
        } catch (org.localexpert.core.tflite.TfliteFormatException | org.localexpert.core.tflite.IncompatibleModelException e) {
            throw new IOException("cannot read the benchmark GE " + file + ": " + e.getMessage(), e);
        }
    }

    /** The GE with a softmax on its logits: what ships and what the mixture includes. */
    public static Model withSoftmax(Model logitsModel) {
        Model m = HandwritingRecipes.inferenceModel(logitsModel);
        m.freeze();
        return m;
    }
}

package org.localexpert.core.moe;

import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingPreprocessor;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.SampleSource;
import org.localexpert.core.data.Stroke;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.Padding;
import org.localexpert.core.model.Model;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.train.HandwritingRecipes;
import org.localexpert.core.train.LeNet5;

/** Small GEs, synthetic handwriting and the committed models, for the mixture tests (also the CLI's and the experiments'). */
public final class MoeTestModels {
    private MoeTestModels() {}

    /** A committed model file, {@code path} under models/ (tests run in a module folder or the root). */
    public static File shippedModel(String path) {
        File f = new File("../models/" + path);
        return f.isFile() ? f : new File("models/" + path);
    }

    /** A small LeNet-5 (untrained, weights jittered so its outputs are not uniform), softmax output. */
    public static Model tinyGe(long seed) {
        Model logits = LeNet5.build(new LeNet5.Config(4, 8, 32, Padding.SAME, false, 0f), 28, 28, 10, seed);
        Random r = new Random(seed);
        for (Parameter p : logits.parameters()) {
            float[] v = p.value().data();
            for (int i = 0; i < v.length; i++) v[i] += (float) r.nextGaussian() * 0.05f;
        }
        return withSoftmax(logits);
    }

    /** {@code logits} with a softmax on its output, frozen: a GE as it ships. */
    public static Model withSoftmax(Model logits) {
        Model ge = HandwritingRecipes.inferenceModel(logits);
        ge.freeze();
        return ge;
    }

    /** A mixture on the GE file {@code ge} with a seeded random LE over {@code union} and gate (the GE's labels first). */
    public static Mixture randomMixture(TfliteModel ge, List<String> geLabels, List<String> union, long seed) throws Exception {
        GlobalExpert expert = GlobalExpert.of(ModelImporter.toModel(ge), geLabels);
        Dense le = new Dense("le", expert.featureSize(), union.size(), Activation.NONE);
        le.initialize(new Random(seed));
        Dense gn = new Dense("gn", expert.featureSize() + 1, 1, Activation.NONE);
        gn.initialize(new Random(seed + 1));
        return Mixture.assemble(expert, union, le, gn, Mixture.Gating.of(Routing.HARD));
    }

    /** {@code mixture} as the file the app writes, bound to {@code geHash}, taught {@code perClass[c]} samples of class c. */
    public static byte[] file(Mixture mixture, String geHash, int[] perClass) {
        List<Example> taught = new ArrayList<>();
        for (int c = 0; c < perClass.length; c++) for (int i = 0; i < perClass[c]; i++) taught.add(new Example(new float[1], new int[] {1}, c));
        return MixtureFile.write(mixture, Domain.HANDWRITING, geHash, SampleSource.of(new Dataset(taught, mixture.labels(), new int[] {1})), null,
                new MixtureFile.Provenance("personal-test", "test samples", Instant.EPOCH));
    }

    /** Random-ish digit images (not real digits) with the given labels cycling over 0..9. */
    public static Dataset noiseDigits(int n, long seed) {
        Random r = new Random(seed);
        List<Example> ex = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] px = new float[28 * 28];
            for (int k = 0; k < px.length; k++) px[k] = r.nextFloat() < 0.2f ? r.nextFloat() : 0f;
            ex.add(new Example(px, Mnist.SHAPE, i % 10));
        }
        return new Dataset(ex, Mnist.LABELS, Mnist.SHAPE);
    }

    /**
     * Synthetic strokes of shapes no digit has, drawn with jitter through the app's canvas path:
     * "X" (two crossing diagonals) and "H" (two verticals and a bar).
     */
    static float[] letter(String which, Random r) {
        float j = 8f;
        List<Stroke> strokes = new ArrayList<>();
        if (which.equals("I")) {
            strokes.add(new Stroke(new float[] {jit(50, r, j), jit(0, r, j), jit(50, r, j), jit(100, r, j)}, 9 + r.nextFloat() * 4));
        } else if (which.equals("X")) {
            strokes.add(new Stroke(new float[] {jit(0, r, j), jit(0, r, j), jit(100, r, j), jit(100, r, j)}, 9 + r.nextFloat() * 4));
            strokes.add(new Stroke(new float[] {jit(100, r, j), jit(0, r, j), jit(0, r, j), jit(100, r, j)}, 9 + r.nextFloat() * 4));
        } else {
            // "H": two verticals and a bar
            strokes.add(new Stroke(new float[] {jit(10, r, j), jit(0, r, j), jit(10, r, j), jit(100, r, j)}, 9 + r.nextFloat() * 4));
            strokes.add(new Stroke(new float[] {jit(90, r, j), jit(0, r, j), jit(90, r, j), jit(100, r, j)}, 9 + r.nextFloat() * 4));
            strokes.add(new Stroke(new float[] {jit(10, r, j), jit(50, r, j), jit(90, r, j), jit(50, r, j)}, 9 + r.nextFloat() * 4));
        }
        return HandwritingPreprocessor.fromStrokes(strokes);
    }

    private static float jit(float v, Random r, float amount) {
        return v + (r.nextFloat() * 2 - 1) * amount;
    }
}

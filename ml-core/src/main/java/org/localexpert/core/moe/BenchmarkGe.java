package org.localexpert.core.moe;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.model.Model;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.train.CancellationToken;
import org.localexpert.core.train.Checkpoint;
import org.localexpert.core.train.EpochSummary;
import org.localexpert.core.train.HandwritingRecipes;
import org.localexpert.core.train.Progress;
import org.localexpert.core.train.Trainer;
import org.localexpert.core.train.TrainerOptions;
import org.localexpert.core.train.TrainingListener;
import org.localexpert.core.train.TrainingResult;

/**
 * The personalization experiment's benchmark GE: the handwriting GE recipe
 * ({@link HandwritingRecipes}, the same architecture and training as the shipped GE) trained on the
 * SD-3 (Census employee) digits of MNIST train only ({@link HandwritingSplits#benchmarkGeTraining}),
 * so it has never seen a high-school student's handwriting — the users' "accent".
 *
 * <p>Training takes ~27 minutes on a 2-core machine, so the trained model ships with the project as
 * {@value #SHIPPED} (written by {@link #writeTflite}: the inference graph with softmax and
 * LocalExpert metadata whose role is {@value #ROLE} and whose recipe property must match this
 * build's); {@code bench-personalization} uses it when present. A {@link Checkpoint} file (weights
 * and layer state) is also accepted, for caches made before the .tflite existed.
 */
public final class BenchmarkGe {
    public static final long SEED = 20261124L;
    /**
     * Epochs of the benchmark GE: the recipe's schedule over 15 passes of the SD-3 digits (406 steps
     * of 64 each, 6,090 in all — the shipped GE's 5 passes over all of MNIST train are 4,300); the
     * best validation epoch is kept. Pinned here rather than following
     * {@link HandwritingRecipes#DEFAULT_EPOCHS}: every measurement of {@link Personalizer} was made
     * with the model these epochs train.
     */
    public static final int EPOCHS = 15;
    private static final String CONFIG_KEY = "benchmark-ge/config";
    /** The committed benchmark GE, relative to the project root. */
    public static final String SHIPPED = "models/handwriting/benchmark-ge.tflite";
    /** Metadata role that marks a .tflite as the personalization experiment's benchmark GE. */
    public static final String ROLE = "benchmark-ge";
    private static final String RECIPE_PROPERTY = "recipe";

    private BenchmarkGe() {}

    /** The untrained network (logits output). */
    public static Model untrained() {
        return HandwritingRecipes.geModel(SEED);
    }

    static String recipe() {
        return HandwritingRecipes.geConfig().toString();
    }

    /**
     * Trains the benchmark GE on {@code mnistTrain}'s SD-3 digits ({@link #EPOCHS} epochs for the real one); returns the logits model, weights frozen. With a checkpoint file an
     * interrupted run resumes.
     */
    public static Model train(Dataset mnistTrain, int epochs, int threads, Path checkpoint, PrintStream log) throws IOException {
        Dataset sd3 = HandwritingSplits.benchmarkGeTraining(mnistTrain);
        log.printf(Locale.ROOT, "benchmark GE: %s on %,d SD-3 digits, %d epochs, %d thread(s)%n", recipe(), sd3.size(), epochs, threads);
        Model model = untrained();
        TrainerOptions.Builder options = HandwritingRecipes.geOptions(epochs, SEED, threads, sd3.size());
        if (checkpoint != null) options.checkpoint(checkpoint, 200).resume(true);
        TrainingResult r = new Trainer(options.build()).train(model, sd3, null, printer(log), new CancellationToken());
        log.printf(Locale.ROOT, "benchmark GE trained: %s%n", r);
        model.freeze();
        return model;
    }

    /** Writes the model's weights and state to {@code file} (atomic). */
    public static void save(Model model, Path file) throws IOException {
        Checkpoint c = new Checkpoint().put(CONFIG_KEY, recipe());
        for (java.util.Map.Entry<String, Tensor> e : model.state().entrySet()) c.putTensor(e.getKey(), e.getValue());
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        c.write(file);
    }

    /** Reads a cached benchmark GE (logits output, frozen); fails clearly if it was made with another recipe. */
    public static Model load(Path file) throws IOException {
        Checkpoint c = Checkpoint.read(file);
        if (!c.has(CONFIG_KEY) || !c.get(CONFIG_KEY).equals(recipe())) {
            throw new IOException(file + " is not a benchmark GE of this recipe (" + recipe() + ")");
        }
        Model model = untrained();
        java.util.Map<String, Tensor> state = new java.util.LinkedHashMap<>(c.tensors());
        model.loadState(state);
        model.freeze();
        return model;
    }

    /**
     * Writes the benchmark GE as a .tflite (the inference graph: logits model + softmax) with
     * metadata: role {@value #ROLE}, the recipe, the training data and the generic-test accuracy.
     */
    public static void writeTflite(Model logitsModel, Path file, int trainingDigits, int epochs, double genericAccuracy) throws IOException {
        org.localexpert.core.tflite.TfliteModel tm = org.localexpert.core.tflite.ModelExporter.export(withSoftmax(logitsModel));
        org.localexpert.core.tflite.LocalExpertMetadata meta = new org.localexpert.core.tflite.LocalExpertMetadata()
                .domain("handwriting").role(ROLE)
                .modelVersion("seed" + SEED)
                .labels(org.localexpert.core.data.Mnist.LABELS)
                .normalization(new float[] {0f}, new float[] {255f})
                .trainingData("the SD-3 (Census employee) digits of MNIST train only (" + trainingDigits
                        + " digits, incl. the validation split); never the SD-1 writers the bench personalizes for")
                .property(RECIPE_PROPERTY, recipe())
                .property("seed", Long.toString(SEED))
                .property("epochs", Integer.toString(epochs))
                .property("generic_test_accuracy", String.format(Locale.ROOT, "%.4f", genericAccuracy));
        meta.geHash(org.localexpert.core.tflite.GeHash.of(tm));
        meta.writeTo(tm);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        org.localexpert.core.tflite.TfliteWriter.write(tm, tmp);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Reads a benchmark GE written by {@link #writeTflite} (probabilities output, frozen); fails
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

    static TrainingListener printer(PrintStream log) {
        return new TrainingListener() {
            long last;

            @Override
            public void onStep(Progress p) {
                long now = System.nanoTime();
                if (now - last < 10_000_000_000L) return;
                last = now;
                log.println("  " + p);
            }

            @Override
            public void onEpochEnd(EpochSummary s) {
                log.println("  " + s);
            }

            @Override
            public void onMessage(String message) {
                log.println("  " + message);
            }
        };
    }

    /**
     * {@code java ... BenchmarkGe DATA_ROOT OUT_FILE [THREADS] [EPOCHS]}: trains the benchmark GE and
     * saves it ({@code .tflite} → {@link #writeTflite}, else a checkpoint);
     * {@code BenchmarkGe DATA_ROOT OUT.tflite --from CHECKPOINT}: converts a cached checkpoint.
     */
    public static void main(String[] args) throws IOException {
        java.io.File root = new java.io.File(args[0]);
        Path out = java.nio.file.Paths.get(args[1]);
        long t0 = System.nanoTime();
        Dataset train = org.localexpert.core.data.Mnist.load(root, org.localexpert.core.data.Mnist.Part.TRAIN);
        Model ge;
        int epochs = EPOCHS; // a converted checkpoint: the cache of a run with the default epochs
        if (args.length > 3 && args[2].equals("--from")) {
            ge = load(java.nio.file.Paths.get(args[3]));
        } else {
            int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
            epochs = args.length > 3 ? Integer.parseInt(args[3]) : EPOCHS;
            ge = train(train, epochs, threads, java.nio.file.Paths.get(args[1] + ".training"), System.out);
        }
        Dataset generic = HandwritingSplits.genericTest(org.localexpert.core.data.Mnist.load(root, org.localexpert.core.data.Mnist.Part.TEST));
        double accuracy = org.localexpert.core.eval.Evaluator.evaluate(ge, generic, 256).accuracy();
        if (out.getFileName().toString().endsWith(".tflite")) {
            writeTflite(ge, out, HandwritingSplits.benchmarkGeTraining(train).size(), epochs, accuracy);
            double reread = org.localexpert.core.eval.Evaluator.evaluate(readTflite(out), generic, 256).accuracy();
            System.out.printf(Locale.ROOT, "read back %s: generic test accuracy %.4f%n", out, reread);
        } else {
            save(ge, out);
        }
        System.out.printf(Locale.ROOT, "saved %s (%,d bytes) in %.0f s; generic test (%,d SD-3 t10k digits) accuracy %.4f%n", out,
                Files.size(out), (System.nanoTime() - t0) / 1e9, generic.size(), accuracy);
    }
}

package org.localexpert.experiments;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.localexpert.cli.BenchmarkGe;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.model.Model;
import org.localexpert.core.moe.Domain;
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
 * Trains the {@link BenchmarkGe} and writes it: as the committed .tflite, or as a {@link Checkpoint}
 * (weights and layer state), the cache format of runs made before the .tflite existed, which
 * {@code bench-personalization --benchmark-ge FILE} still accepts.
 */
public final class BenchmarkGeTraining {
    /**
     * Epochs of the benchmark GE: the recipe's schedule over 15 passes of the SD-3 digits (406 steps
     * of 64 each, 6,090 in all — the shipped GE's 5 passes over all of MNIST train are 4,300); the
     * best validation epoch is kept. Pinned here rather than following
     * {@link HandwritingRecipes#DEFAULT_EPOCHS}: every measurement of {@code Personalizer} was made
     * with the model these epochs train.
     */
    public static final int EPOCHS = 15;
    private static final String CONFIG_KEY = "benchmark-ge/config";

    private BenchmarkGeTraining() {}

    /**
     * Trains the benchmark GE on {@code mnistTrain}'s SD-3 digits ({@link #EPOCHS} epochs for the real one); returns the logits model, weights frozen. With a checkpoint file an
     * interrupted run resumes.
     */
    public static Model train(Dataset mnistTrain, int epochs, int threads, Path checkpoint, PrintStream log) throws IOException {
        Dataset sd3 = HandwritingSplits.benchmarkGeTraining(mnistTrain);
        log.printf(Locale.ROOT, "benchmark GE: %s on %,d SD-3 digits, %d epochs, %d thread(s)%n", BenchmarkGe.recipe(), sd3.size(), epochs, threads);
        Model model = BenchmarkGe.untrained();
        TrainerOptions.Builder options = HandwritingRecipes.geOptions(epochs, BenchmarkGe.SEED, threads, sd3.size());
        if (checkpoint != null) options.checkpoint(checkpoint, 200).resume(true);
        TrainingResult r = new Trainer(options.build()).train(model, sd3, null, printer(log), new CancellationToken());
        log.printf(Locale.ROOT, "benchmark GE trained: %s%n", r);
        model.freeze();
        return model;
    }

    /** Writes the model's weights and state to {@code file} (atomic). */
    public static void save(Model model, Path file) throws IOException {
        Checkpoint c = new Checkpoint().put(CONFIG_KEY, BenchmarkGe.recipe());
        for (java.util.Map.Entry<String, Tensor> e : model.state().entrySet()) c.putTensor(e.getKey(), e.getValue());
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        c.write(file);
    }

    /** Reads a cached benchmark GE (logits output, frozen); fails clearly if it was made with another recipe. */
    public static Model load(Path file) throws IOException {
        Checkpoint c = Checkpoint.read(file);
        if (!c.has(CONFIG_KEY) || !c.get(CONFIG_KEY).equals(BenchmarkGe.recipe())) {
            throw new IOException(file + " is not a benchmark GE of this recipe (" + BenchmarkGe.recipe() + ")");
        }
        Model model = BenchmarkGe.untrained();
        java.util.Map<String, Tensor> state = new java.util.LinkedHashMap<>(c.tensors());
        model.loadState(state);
        model.freeze();
        return model;
    }

    /**
     * Writes the benchmark GE as a .tflite (the inference graph: logits model + softmax) with
     * metadata: role {@value BenchmarkGe#ROLE}, the recipe, the training data and the generic-test accuracy.
     */
    public static void writeTflite(Model logitsModel, Path file, int trainingDigits, int epochs, double genericAccuracy) throws IOException {
        org.localexpert.core.tflite.TfliteModel tm = org.localexpert.core.tflite.ModelExporter.export(BenchmarkGe.withSoftmax(logitsModel));
        org.localexpert.core.tflite.LocalExpertMetadata meta = new org.localexpert.core.tflite.LocalExpertMetadata()
                .domain(Domain.HANDWRITING.id()).role(BenchmarkGe.ROLE)
                .modelVersion("seed" + BenchmarkGe.SEED)
                .labels(org.localexpert.core.data.Mnist.LABELS)
                .normalization(new float[] {0f}, new float[] {255f})
                .trainingData("the SD-3 (Census employee) digits of MNIST train only (" + trainingDigits
                        + " digits, incl. the validation split); never the SD-1 writers the bench personalizes for")
                .property(BenchmarkGe.RECIPE_PROPERTY, BenchmarkGe.recipe())
                .property("seed", Long.toString(BenchmarkGe.SEED))
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
     * {@code java ... BenchmarkGeTraining DATA_ROOT OUT_FILE [THREADS] [EPOCHS]}: trains the benchmark GE and
     * saves it ({@code .tflite} → {@link #writeTflite}, else a checkpoint);
     * {@code BenchmarkGeTraining DATA_ROOT OUT.tflite --from CHECKPOINT}: converts a cached checkpoint.
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
            double reread = org.localexpert.core.eval.Evaluator.evaluate(BenchmarkGe.readTflite(out), generic, 256).accuracy();
            System.out.printf(Locale.ROOT, "read back %s: generic test accuracy %.4f%n", out, reread);
        } else {
            save(ge, out);
        }
        System.out.printf(Locale.ROOT, "saved %s (%,d bytes) in %.0f s; generic test (%,d SD-3 t10k digits) accuracy %.4f%n", out,
                Files.size(out), (System.nanoTime() - t0) / 1e9, generic.size(), accuracy);
    }
}

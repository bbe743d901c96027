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
 * <p>Training takes a long time on this machine, so the trained weights are cached in a
 * {@link Checkpoint} file (weights and layer state) that {@code bench-personalization
 * --benchmark-ge FILE} reuses.
 */
public final class BenchmarkGe {
    public static final long SEED = 20261124L;
    private static final String CONFIG_KEY = "benchmark-ge/config";

    private BenchmarkGe() {}

    /** The untrained network (logits output). */
    public static Model untrained() {
        return HandwritingRecipes.geModel(SEED);
    }

    static String recipe() {
        return HandwritingRecipes.geConfig().toString();
    }

    /**
     * Trains the benchmark GE on {@code mnistTrain}'s SD-3 digits ({@link HandwritingRecipes#DEFAULT_EPOCHS}
     * epochs for the real one); returns the logits model, weights frozen. With a checkpoint file an
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

    /** {@code java ... BenchmarkGe DATA_ROOT OUT_FILE [THREADS] [EPOCHS]}: trains and caches the benchmark GE. */
    public static void main(String[] args) throws IOException {
        java.io.File root = new java.io.File(args[0]);
        Path out = java.nio.file.Paths.get(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        long t0 = System.nanoTime();
        Dataset train = org.localexpert.core.data.Mnist.load(root, org.localexpert.core.data.Mnist.Part.TRAIN);
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : HandwritingRecipes.DEFAULT_EPOCHS;
        Model ge = train(train, epochs, threads, java.nio.file.Paths.get(args[1] + ".training"), System.out);
        save(ge, out);
        Dataset generic = HandwritingSplits.genericTest(org.localexpert.core.data.Mnist.load(root, org.localexpert.core.data.Mnist.Part.TEST));
        System.out.printf(Locale.ROOT, "saved %s in %.0f s; generic test (SD-3 t10k) accuracy %.4f%n", out,
                (System.nanoTime() - t0) / 1e9, org.localexpert.core.eval.Evaluator.evaluate(ge, generic, 256).accuracy());
    }
}

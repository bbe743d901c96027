package org.localexpert.cli;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.eval.Evaluation;
import org.localexpert.core.eval.Evaluator;
import org.localexpert.core.model.Model;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelExporter;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.core.tflite.TfliteWriter;
import org.localexpert.core.train.CancellationToken;
import org.localexpert.core.train.Checkpoint;
import org.localexpert.core.train.CheckpointException;
import org.localexpert.core.train.EpochSummary;
import org.localexpert.core.train.HandwritingRecipes;
import org.localexpert.core.train.OutlierExposure;
import org.localexpert.core.train.RandomAffine;
import org.localexpert.core.train.RandomPenRedraw;
import org.localexpert.core.data.OmniglotStrokes;
import org.localexpert.core.train.LeNet5;
import org.localexpert.core.train.Progress;
import org.localexpert.core.train.Trainer;
import org.localexpert.core.train.TrainerOptions;
import org.localexpert.core.train.TrainingListener;
import org.localexpert.core.train.TrainingResult;

/**
 * {@code localexpert train-ge --domain handwriting --data DIR --out FILE}: trains the handwriting
 * global expert on all of MNIST train (minus a fixed validation split for choosing the best epoch),
 * prints progress, reports MNIST t10k accuracy (never used for any choice) and saves the model —
 * as {@code .tflite} with metadata when FILE ends in {@code .tflite}, else in the trainer's
 * checkpoint format. Ctrl-C stops within one batch and leaves a checkpoint that {@code --resume}
 * continues from.
 */
final class TrainGeCommand implements Command {
    /** Progress lines at most this often, so a log stays readable. */
    private static final long PRINT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(15);

    @Override
    public String name() {
        return "train-ge";
    }

    @Override
    public String summary() {
        return "train a global expert (handwriting: LeNet-5 on MNIST; plant: MobileNet transfer) and report its test accuracy";
    }

    @Override
    public String usage() {
        return "usage: localexpert train-ge --domain handwriting --data DIR --out FILE[.tflite]\n"
                + "                            [--epochs N] [--seed S] [--threads T] [--resume] [--checkpoint FILE]\n"
                + "                            [--limit N] [--eval-json FILE] [--outliers DIR [--outlier-alphabets A,B]\n"
                + "                            [--outlier-weight W] [--outliers-per-batch M]] [--redraw P]\n"
                + "                            [--from GE.tflite] [--train-only LAYERS]\n"
                + "  --data DIR         folder holding mnist/ and qmnist/ (e.g. ../shared/data)\n"
                + "  --out FILE         the trained model: .tflite (with labels and provenance) or any other name\n"
                + "                     for the trainer's checkpoint format\n"
                + "  --epochs N         epochs (default " + HandwritingRecipes.DEFAULT_EPOCHS + "); the best epoch on a fixed "
                + HandwritingRecipes.VALIDATION_DIGITS + "-digit\n"
                + "                     validation split of MNIST train is kept\n"
                + "  --seed S           seed for initialisation, shuffling, augmentation and the split (default 1)\n"
                + "  --threads T        threads (default: all processors); same seed + same threads = same weights\n"
                + "  --checkpoint FILE  where progress is saved (default FILE.ckpt next to --out)\n"
                + "  --resume           continue from the checkpoint instead of starting afresh\n"
                + "  --limit N          train on the first N training digits only (quick trials)\n"
                + "  --eval-json FILE   also write the t10k evaluation as JSON\n"
                + "  --outliers DIR     outlier exposure: the Omniglot folder; drawings of --outlier-alphabets (default the design\n"
                + "                     alphabets " + String.join(",", OmniglotStrokes.DESIGN_ALPHABETS) + ") join every batch with a uniform target\n"
                + "                     (" + HandwritingRecipes.OUTLIERS_PER_BATCH + " per batch, weight " + HandwritingRecipes.OUTLIER_WEIGHT + "), so the GE learns to be unsure of them\n"
                + "  --redraw P         redraw a share P of the training digits (and outliers) with one round pen, as the canvas\n"
                + "                     draws (stroke style is then no cue for \"unsure\")\n"
                + "  --from GE.tflite   start from this GE's weights (a fine-tune) instead of a fresh initialisation\n"
                + "  --train-only L,M   train only these layers (e.g. logits), the others frozen\n"
                + "  --redraw-pens A,B  the pen's width, drawn from A..B of the drawing's longer side (default "
                + HandwritingRecipes.REDRAW_PEN_MIN + "," + HandwritingRecipes.REDRAW_PEN_MAX + ")\n"
                + "  MNIST t10k is used only for the final report.\n"
                + TrainPlantGe.usage();
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        String domainName = args.require("domain");
        Domain domain = Domain.named(domainName);
        if (domain == Domain.PLANT) return TrainPlantGe.run(args, out);
        Path data = Paths.get(args.require("data"));
        Path outFile = Paths.get(args.require("out"));
        int epochs = args.getInt("epochs", HandwritingRecipes.DEFAULT_EPOCHS);
        long seed = args.getLong("seed", 1);
        int threads = args.getInt("threads", Runtime.getRuntime().availableProcessors());
        boolean resume = args.flag("resume");
        Path checkpoint = Paths.get(args.get("checkpoint", outFile + ".ckpt"));
        int limit = args.getInt("limit", 0);
        String evalJson = args.get("eval-json", null);
        String outliersDir = args.get("outliers", null);
        List<String> outlierAlphabets = Arrays.asList(args.get("outlier-alphabets",
                String.join(",", OmniglotStrokes.DESIGN_ALPHABETS)).split(","));
        double outlierWeight = args.getDouble("outlier-weight", HandwritingRecipes.OUTLIER_WEIGHT);
        int outliersPerBatch = args.getInt("outliers-per-batch", HandwritingRecipes.OUTLIERS_PER_BATCH);
        double redraw = args.getDouble("redraw", 0);
        String from = args.get("from", null);
        String trainOnly = args.get("train-only", null);
        String[] pens = args.get("redraw-pens", HandwritingRecipes.REDRAW_PEN_MIN + "," + HandwritingRecipes.REDRAW_PEN_MAX).split(",");
        args.rejectUnknown();
        if (domain != Domain.HANDWRITING) {
            throw new UserError("unknown domain '" + domainName + "': train-ge knows 'handwriting' and 'plant'");
        }
        if (epochs < 1) throw new UserError("--epochs must be at least 1");
        if (threads < 1 || threads > 64) throw new UserError("--threads must be between 1 and 64");
        if (limit < 0) throw new UserError("--limit must be >= 0");
        if (resume && !Files.exists(checkpoint)) {
            throw new UserError("--resume: no checkpoint at " + checkpoint + " (run without --resume to start)");
        }
        Path outDir = outFile.toAbsolutePath().getParent();
        if (outDir != null && !Files.isDirectory(outDir)) throw new UserError("--out: folder " + outDir + " does not exist");

        Dataset train, test;
        try {
            train = Mnist.load(data.toFile(), Mnist.Part.TRAIN);
            test = Mnist.load(data.toFile(), Mnist.Part.TEST);
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
        if (limit > 0 && limit < train.size()) train = train.subset(firstN(limit));
        if (!(redraw >= 0 && redraw <= 1)) throw new UserError("--redraw must be a share between 0 and 1");
        OutlierExposure oe = null;
        if (outliersDir != null) {
            for (String a : outlierAlphabets) {
                if (OmniglotStrokes.EVALUATION_ALPHABETS.contains(a)) {
                    throw new UserError("--outlier-alphabets: " + a + " is an evaluation alphabet, kept for scoring only");
                }
            }
            try {
                oe = new OutlierExposure(OmniglotStrokes.drawings(new File(outliersDir), outlierAlphabets), outliersPerBatch,
                        outlierWeight, "Omniglot " + String.join(",", outlierAlphabets));
            } catch (DataException | IllegalArgumentException e) {
                throw new UserError("--outliers: " + e.getMessage());
            }
        }

        Model model = HandwritingRecipes.geModel(seed);
        if (from != null) startFrom(model, Paths.get(from));
        if (trainOnly != null) {
            model.freeze();
            try {
                model.unfreeze(trainOnly.split(","));
            } catch (IllegalArgumentException e) {
                throw new UserError("--train-only: " + e.getMessage());
            }
        }
        TrainerOptions.Builder builder = HandwritingRecipes.geOptions(epochs, seed, threads, train.size())
                .checkpoint(checkpoint, 200).resume(resume).outlierExposure(oe);
        if (redraw > 0) {
            double share = redraw, minPen, maxPen;
            try {
                minPen = Double.parseDouble(pens[0]);
                maxPen = Double.parseDouble(pens[pens.length - 1]);
                new RandomPenRedraw(share, minPen, maxPen);
            } catch (RuntimeException e) {
                throw new UserError("--redraw-pens MIN,MAX: two pen widths, shares of the drawing in (0, 1): " + e.getMessage());
            }
            builder.augmentation(() -> new RandomPenRedraw(share, minPen, maxPen).then(RandomAffine.forDigits()));
        }
        TrainerOptions options = builder.build();
        out.printf(Locale.ROOT, "handwriting GE: %s%n", HandwritingRecipes.geConfig());
        out.printf(Locale.ROOT, "  %,d parameters, %,d multiply-adds per digit; %,d MNIST train digits (%s); %s%n",
                model.parameterCount(), LeNet5.macs(model), train.size(), "validation split held out from them", options);

        CancellationToken token = new CancellationToken();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            token.cancel();
            try {
                done.await(60, TimeUnit.SECONDS); // let the trainer write its checkpoint
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        TrainingResult result;
        try {
            try {
                result = new Trainer(options).train(model, train, null, new ConsoleListener(out), token);
            } catch (CheckpointException e) {
                throw new UserError(e.getMessage());
            }
            out.println(result);
            if (result.stop() == TrainingResult.Stop.CANCELLED) {
                out.println("progress saved in " + checkpoint + "; continue with the same command and --resume");
                return 1;
            }
        } finally {
            done.countDown(); // after the messages above, so a Ctrl-C'd user still sees them
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C arrived just now: the hook runs and returns at once.
        }
        if (result.stop() == TrainingResult.Stop.NON_FINITE) return 1;

        Evaluation eval = Evaluator.evaluate(model, test, 256);
        out.printf(Locale.ROOT, "MNIST t10k (never used for training or model choice): accuracy %.2f %%%n", 100 * eval.accuracy());
        out.print(eval.report());
        if (evalJson != null) Files.write(Paths.get(evalJson), eval.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));

        save(model, train, eval, result, outFile, seed, options, oe == null ? null : outlierAlphabets, out);
        // The run is over and its result saved: the checkpoint would only be resumed into a no-op.
        Files.deleteIfExists(checkpoint);
        return 0;
    }

    /** Copies a trained GE's weights (a .tflite of this architecture) into {@code model}: a fine-tune starts there. */
    private static void startFrom(Model model, Path ge) throws Exception {
        if (!Files.isRegularFile(ge)) throw new UserError("--from: no such file " + ge);
        Map<String, Tensor> weights;
        try {
            weights = new LinkedHashMap<>(ModelImporter.toModel(TfliteReader.read(ge)).state());
        } catch (org.localexpert.core.tflite.TfliteFormatException | org.localexpert.core.tflite.IncompatibleModelException e) {
            throw new UserError("--from " + ge + ": " + e.getMessage());
        }
        for (Map.Entry<String, Tensor> e : model.state().entrySet()) weights.putIfAbsent(e.getKey(), e.getValue()); // layer state (dropout's step)
        try {
            model.loadState(weights);
        } catch (IllegalArgumentException e) {
            throw new UserError("--from " + ge + " is not a GE of this architecture: " + e.getMessage());
        }
    }

    private static int[] firstN(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        return idx;
    }

    private static void save(Model model, Dataset train, Evaluation eval, TrainingResult result, Path outFile, long seed,
                             TrainerOptions options, List<String> outlierAlphabets, PrintStream out) throws IOException {
        if (outFile.getFileName().toString().endsWith(".tflite")) {
            Model inference = HandwritingRecipes.inferenceModel(model);
            TfliteModel tflite = ModelExporter.export(inference);
            SimpleDateFormat iso = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT);
            iso.setTimeZone(TimeZone.getTimeZone("UTC"));
            Map<String, Integer> counts = new LinkedHashMap<>();
            int[] perClass = train.classCounts();
            for (int c = 0; c < perClass.length; c++) counts.put(train.labelNames().get(c), perClass[c]);
            LocalExpertMetadata meta = new LocalExpertMetadata()
                    .domain(Domain.HANDWRITING.id()).role("ge")
                    .modelVersion(new SimpleDateFormat("yyyy-MM-dd", Locale.ROOT).format(new Date()) + ".seed" + seed)
                    .labels(train.labelNames())
                    .normalization(new float[] {0f}, new float[] {255f})
                    .trainingData("MNIST train (" + train.size() + " digits, incl. the validation split), " + HandwritingRecipes.geConfig())
                    .sampleCounts(counts)
                    .created(iso.format(new Date()))
                    .property("mnist_t10k_accuracy", String.format(Locale.ROOT, "%.4f", eval.accuracy()))
                    .property("epochs", Integer.toString(result.epochsCompleted()))
                    .property("best_epoch", Integer.toString(result.bestEpoch()))
                    .property("training_options", options.toString());
            if (outlierAlphabets != null) meta.property(HandwritingRecipes.OUTLIER_ALPHABETS_PROPERTY, String.join(",", outlierAlphabets));
            meta.geHash(org.localexpert.core.tflite.GeHash.of(tflite));
            meta.writeTo(tflite);
            TfliteWriter.write(tflite, outFile);
            // Check what was written: read it back and run it with the Java engine.
            try {
                Model reread = ModelImporter.toModel(TfliteReader.read(outFile));
                Dataset check = train.subset(firstN(Math.min(1000, train.size())));
                double[] agree = agreement(inference, reread, check);
                out.printf(Locale.ROOT, "wrote %s (%,d bytes, GE hash %s)%n", outFile, Files.size(outFile), meta.geHash());
                out.printf(Locale.ROOT, "  read back: same prediction as the trained model on %.1f %% of %d digits, max |probability difference| %.2g%n",
                        100 * agree[0], check.size(), agree[1]);
                // The replay sample the app ships with this GE: the same seeded draw write-replay makes, and the GE's features of it.
                ReplayFiles.write(outFile.toAbsolutePath().resolveSibling(MoeFiles.REPLAY_FILE), org.localexpert.core.moe.Domain.HANDWRITING,
                        org.localexpert.core.moe.GlobalExpert.of(reread, train.labelNames()), meta.geHash(),
                        org.localexpert.core.moe.ReplaySample.select(train, org.localexpert.core.moe.ReplaySample.DEFAULT_PER_CLASS,
                                org.localexpert.core.moe.ReplaySample.DEFAULT_SEED), out);
            } catch (Exception e) {
                throw new IOException("the written " + outFile + " could not be read back: " + e.getMessage(), e);
            }
        } else {
            Checkpoint c = new Checkpoint().put("format", "localexpert-model-state-1").put("domain", Domain.HANDWRITING.id())
                    .put("architecture", HandwritingRecipes.geConfig().toString())
                    .put("mnist_t10k_accuracy", eval.accuracy());
            for (Map.Entry<String, Tensor> e : model.state().entrySet()) c.putTensor(e.getKey(), e.getValue());
            c.write(outFile);
            out.printf(Locale.ROOT, "wrote %s (%,d bytes, trainer checkpoint format: model state by name; use a .tflite name for the shippable model)%n",
                    outFile, Files.size(outFile));
        }
    }

    /** Share of digits on which both models predict the same class, and the largest probability difference. */
    private static double[] agreement(Model a, Model b, Dataset data) {
        int same = 0;
        double maxDiff = 0;
        for (int from = 0; from < data.size(); from += 250) {
            int to = Math.min(data.size(), from + 250);
            Tensor x = data.batch(from, to).inputs();
            Tensor ya = a.forward(x, false).copy();
            Tensor yb = b.forward(x, false);
            int k = ya.dim(1);
            for (int i = 0; i < to - from; i++) if (argmax(ya.data(), i * k, k) == argmax(yb.data(), i * k, k)) same++;
            for (int i = 0; i < ya.size(); i++) maxDiff = Math.max(maxDiff, Math.abs(ya.data()[i] - yb.data()[i]));
        }
        return new double[] {(double) same / data.size(), maxDiff};
    }

    private static int argmax(float[] v, int off, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) if (v[off + j] > v[off + best]) best = j;
        return best;
    }

    /** Prints a progress line every 15 s, every epoch summary and every notice. */
    private static final class ConsoleListener implements TrainingListener {
        private final PrintStream out;
        private long lastPrint = System.nanoTime();

        ConsoleListener(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onStep(Progress p) {
            long now = System.nanoTime();
            if (now - lastPrint >= PRINT_EVERY_NANOS || p.step() == 1) {
                lastPrint = now;
                out.println("  " + p);
            }
        }

        @Override
        public void onEpochEnd(EpochSummary s) {
            out.println(s);
        }

        @Override
        public void onMessage(String message) {
            out.println("note: " + message);
        }
    }
}

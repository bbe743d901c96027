package org.localexpert.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.SimpleDateFormat;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.ImageFolderDataset;
import org.localexpert.core.data.PhotoPreprocessor;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.core.data.host.ImageIoDecoder;
import org.localexpert.core.eval.Evaluation;
import org.localexpert.core.eval.Evaluator;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.ModelCost;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.InferenceOptions;
import org.localexpert.core.runtime.host.HostTfliteEngine;
import org.localexpert.core.tflite.GeHash;
import org.localexpert.core.tflite.GpuCompatibility;
import org.localexpert.core.tflite.IncompatibleModelException;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelExporter;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.core.tflite.TfliteWriter;
import org.localexpert.core.train.CancellationToken;
import org.localexpert.core.train.EpochSummary;
import org.localexpert.core.train.PlantRecipes;
import org.localexpert.core.train.Progress;
import org.localexpert.core.train.Trainer;
import org.localexpert.core.train.TrainingListener;
import org.localexpert.core.train.TrainingResult;

/**
 * {@code train-ge --domain plant}: the plant GE by transfer learning ({@link PlantRecipes}) on
 * sugarcane-daphal + plantvillage-tomato (one model, the union of their labels), each split by
 * {@link PlantSplits}; the head learns on backbone features computed once per photo, validation
 * picks the best epoch, the test parts are scored only at the end — on the written
 * {@code .tflite} read back into the Java engine, so the numbers are the shipped file's.
 */
final class TrainPlantGe {
    private TrainPlantGe() {}

    static String usage() {
        return "       localexpert train-ge --domain plant --data DIR --out FILE.tflite\n"
                + "                            [--epochs N] [--fine-tune-epochs N] [--tune-from-block B] [--seed S] [--threads T] [--size PX] [--copies C]\n"
                + "  plant: MobileNet v1 0.25 (DIR/" + DataLocation.MOBILENET_BACKBONE + ") at --size px (default "
                + PlantRecipes.IMAGE_SIZE + "), blocks before B (default "
                + PlantRecipes.DEFAULT_FIRST_TUNED_BLOCK + ") frozen;\n"
                + "         --epochs (default " + PlantRecipes.DEFAULT_EPOCHS + ") of the softmax head alone, then --fine-tune-epochs (default "
                + PlantRecipes.DEFAULT_FINE_TUNE_EPOCHS + ", 0 = none)\n"
                + "         of blocks B-13 with the head; data: DIR/" + DataLocation.SUGARCANE_DAPHAL + " + DIR/"
                + DataLocation.PLANTVILLAGE_TOMATO + ",\n"
                + "         fixed 70/15/15 splits; --copies augmented feature copies per training photo (default "
                + PlantRecipes.AUGMENTED_COPIES + ")";
    }

    static int run(Args args, PrintStream out) throws Exception {
        long start = System.nanoTime();
        Path data = Paths.get(args.require("data"));
        Path outFile = Paths.get(args.require("out"));
        int epochs = args.getInt("epochs", PlantRecipes.DEFAULT_EPOCHS);
        int fineTune = args.getInt("fine-tune-epochs", PlantRecipes.DEFAULT_FINE_TUNE_EPOCHS);
        int firstTuned = args.getInt("tune-from-block", PlantRecipes.DEFAULT_FIRST_TUNED_BLOCK);
        long seed = args.getLong("seed", 1);
        int threads = args.getInt("threads", Runtime.getRuntime().availableProcessors());
        int size = args.getInt("size", PlantRecipes.IMAGE_SIZE);
        int copies = args.getInt("copies", PlantRecipes.AUGMENTED_COPIES);
        args.rejectUnknown();
        if (!outFile.getFileName().toString().endsWith(".tflite")) throw new UserError("--out: the plant GE is written as FILE.tflite");
        if (epochs < 1) throw new UserError("--epochs must be at least 1");
        if (fineTune < 0) throw new UserError("--fine-tune-epochs must be >= 0");
        if (firstTuned < 1 || firstTuned > PlantRecipes.LAST_BLOCK) throw new UserError("--tune-from-block must be in 1.." + PlantRecipes.LAST_BLOCK);
        if (threads < 1 || threads > 64) throw new UserError("--threads must be between 1 and 64");
        if (size < 32 || size > 224 || size % 32 != 0) throw new UserError("--size must be a multiple of 32 in 32..224 (MobileNet's stride), got " + size);
        if (copies < 0 || copies > 20) throw new UserError("--copies must be between 0 and 20");
        Path outDir = outFile.toAbsolutePath().getParent();
        if (outDir != null && !Files.isDirectory(outDir)) throw new UserError("--out: folder " + outDir + " does not exist");

        Dataset daphal, tomato;
        Model stem, tail;
        try {
            daphal = load(data, DataLocation.SUGARCANE_DAPHAL, size, out);
            tomato = load(data, DataLocation.PLANTVILLAGE_TOMATO, size, out);
            Model[] parts = PlantRecipes.backbone(DataLocation.require(data.toFile(), DataLocation.MOBILENET_BACKBONE), size,
                    fineTune > 0 ? PlantRecipes.blockOutput(firstTuned - 1) : null);
            stem = parts[0];
            tail = parts[1];
        } catch (DataException | IncompatibleModelException | org.localexpert.core.tflite.TfliteFormatException e) {
            throw new UserError(e.getMessage());
        }
        stem.setThreads(threads);
        List<String> labels = PlantRecipes.unionLabels(daphal, tomato);
        PlantSplits.Split ds = PlantSplits.daphal(daphal), ts = PlantSplits.tomato(tomato);
        Dataset trainPhotos = PlantRecipes.relabel(ds.train(), labels).concat(PlantRecipes.relabel(ts.train(), labels));
        Dataset valPhotos = PlantRecipes.relabel(ds.validation(), labels).concat(PlantRecipes.relabel(ts.validation(), labels));
        out.printf(Locale.ROOT, "plant GE: %d labels %s%n", labels.size(), labels);
        out.printf(Locale.ROOT, "  daphal train/val/test %d/%d/%d, tomato %d/%d/%d; frozen stem %,d parameters at %d px%n",
                ds.train().size(), ds.validation().size(), ds.test().size(), ts.train().size(), ts.validation().size(), ts.test().size(),
                stem.parameterCount(), size);

        long t0 = System.nanoTime();
        Dataset trainFeatures = PlantRecipes.features(stem, trainPhotos, copies, seed, progress(out, "train features", t0));
        Dataset valFeatures = PlantRecipes.features(stem, valPhotos, 0, seed, progress(out, "validation features", System.nanoTime()));
        out.printf(Locale.ROOT, "features: %d training (%d photos x %d), %d validation, %.0f s%n", trainFeatures.size(),
                trainPhotos.size(), copies + 1, valFeatures.size(), (System.nanoTime() - t0) / 1e9);

        Model trained = PlantRecipes.trainable(tail, trainFeatures.shape(), labels.size(), seed);
        trained.setThreads(threads);
        out.printf(Locale.ROOT, "phase 1: the head alone, %d epochs%n", epochs);
        TrainingResult result = train(trained, PlantRecipes.options(epochs, 3e-3, seed, threads), trainFeatures, valFeatures, out);
        if (result.stop() == TrainingResult.Stop.NON_FINITE) return 1;
        String phases = epochs + " head epochs (best " + result.bestEpoch() + ")";
        if (tail != null) {
            trained.unfreeze(PlantRecipes.tailLayers(tail));
            out.printf(Locale.ROOT, "phase 2: MobileNet blocks %d-13 with the head, %d epochs%n", firstTuned, fineTune);
            result = train(trained, PlantRecipes.options(fineTune, 1e-3, seed + 1, threads), trainFeatures, valFeatures, out);
            if (result.stop() == TrainingResult.Stop.NON_FINITE) return 1;
            phases += " + " + fineTune + " fine-tuning epochs of blocks " + firstTuned + "-13 (best " + result.bestEpoch() + ")";
        }

        Model inference = PlantRecipes.inferenceModel(stem, trained);
        TfliteModel tflite = ModelExporter.export(inference);
        Map<String, Integer> counts = new LinkedHashMap<>();
        int[] perClass = trainPhotos.classCounts();
        for (int c = 0; c < perClass.length; c++) counts.put(labels.get(c), perClass[c]);
        SimpleDateFormat iso = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT);
        iso.setTimeZone(TimeZone.getTimeZone("UTC"));
        LocalExpertMetadata meta = new LocalExpertMetadata()
                .domain("plant").role("ge")
                .modelVersion(new SimpleDateFormat("yyyy-MM-dd", Locale.ROOT).format(new Date()) + ".seed" + seed)
                .labels(labels)
                .normalization(new float[] {0f}, new float[] {255f})
                .trainingData("sugarcane-daphal + plantvillage-tomato train parts (PlantSplits, " + trainPhotos.size()
                        + " photos, " + copies + " augmented feature copies each); backbone ImageNet MobileNet v1 0.25 "
                        + "(tensorflow/tflite-support test data, Apache-2.0) at " + size + " px, dense softmax head; " + phases)
                .sampleCounts(counts)
                .created(iso.format(new Date()))
                .property("image_size", Integer.toString(size))
                .property("training", phases);

        // Score the file as it ships: export, read back, run in the Java engine.
        Model shipped = ModelImporter.toModel(tflite);
        shipped.setThreads(threads);
        Evaluation dTest = Evaluator.evaluate(shipped, PlantRecipes.relabel(ds.test(), labels), 32);
        Evaluation tTest = Evaluator.evaluate(shipped, PlantRecipes.relabel(ts.test(), labels), 32);
        meta.property("daphal_test_accuracy", String.format(Locale.ROOT, "%.4f", dTest.accuracy()))
                .property("tomato_test_accuracy", String.format(Locale.ROOT, "%.4f", tTest.accuracy()));
        meta.geHash(GeHash.of(tflite));
        meta.writeTo(tflite);
        TfliteWriter.write(tflite, outFile);
        Files.write(outFile.resolveSibling("labels.txt"), (String.join("\n", labels) + "\n").getBytes(StandardCharsets.UTF_8));

        out.printf(Locale.ROOT, "Daphal test (%d photos, never used for any choice): accuracy %.2f %%%n", ds.test().size(), 100 * dTest.accuracy());
        out.print(dTest.report());
        out.printf(Locale.ROOT, "tomato test (%d photos): accuracy %.2f %%%n", ts.test().size(), 100 * tTest.accuracy());
        out.print(tTest.report());
        List<GpuCompatibility.Problem> problems = GpuCompatibility.check(TfliteReader.read(outFile));
        out.printf(Locale.ROOT, "wrote %s (%,d bytes, %,d parameters, %,d multiply-adds per photo, GE hash %s); GPU check: %s%n",
                outFile, Files.size(outFile), inference.parameterCount(), ModelCost.macs(inference), meta.geHash(),
                problems.isEmpty() ? "passes" : problems.toString());
        out.printf(Locale.ROOT, "labels written to %s%n", outFile.resolveSibling("labels.txt"));
        latency(outFile, size, out);
        out.printf(Locale.ROOT, "wall time %.0f s%n", (System.nanoTime() - start) / 1e9);
        return problems.isEmpty() ? 0 : 1;
    }

    private static TrainingResult train(Model model, org.localexpert.core.train.TrainerOptions.Builder options, Dataset train,
                                        Dataset validation, PrintStream out) throws IOException {
        TrainingResult result = new Trainer(options.build()).train(model, train, validation, new TrainingListener() {
            private long last = System.nanoTime();

            @Override public void onStep(Progress p) {
                if (System.nanoTime() - last >= 15_000_000_000L) {
                    last = System.nanoTime();
                    out.println("  " + p);
                }
            }
            @Override public void onEpochEnd(EpochSummary s) { out.println(s); }
            @Override public void onMessage(String message) { out.println("note: " + message); }
        }, new CancellationToken());
        out.println(result);
        return result;
    }

    private static Dataset load(Path data, String set, int size, PrintStream out) {
        File dir = DataLocation.require(data.toFile(), set);
        long t0 = System.nanoTime();
        ImageFolderDataset.Options o = new ImageFolderDataset.Options(new PhotoPreprocessor(size), new ImageIoDecoder())
                .progress(progress(out, "loading " + set, t0)::progress);
        Dataset d = ImageFolderDataset.load(dir, o).dataset();
        out.printf(Locale.ROOT, "loaded %s: %d photos, %d classes, %.0f s%n", set, d.size(), d.numClasses(), (System.nanoTime() - t0) / 1e9);
        return d;
    }

    /** A progress printer: one line at most every 15 s. */
    private static PlantRecipes.FeatureProgress progress(PrintStream out, String what, long t0) {
        long[] last = {System.nanoTime()};
        return (done, total) -> {
            long now = System.nanoTime();
            if (now - last[0] >= 15_000_000_000L || done == total) {
                last[0] = now;
                double s = (now - t0) / 1e9;
                out.printf(Locale.ROOT, "  %s: %d/%d (%.0f s, ETA %.0f s)%n", what, done, total, s, done == 0 ? 0 : s * (total - done) / done);
            }
        };
    }

    /** Median latency of one photo on real TFLite (host, 1 thread, XNNPACK, direct buffers). */
    private static void latency(Path file, int size, PrintStream out) {
        try (InferenceEngine e = HostTfliteEngine.open(file, new InferenceOptions().threads(1).xnnpack(true))) {
            float[] img = new float[size * size * 3];
            java.util.Random r = new java.util.Random(1);
            for (int i = 0; i < img.length; i++) img[i] = r.nextFloat();
            for (int i = 0; i < 20; i++) e.run(img);
            double[] ms = new double[200];
            for (int i = 0; i < ms.length; i++) {
                long t = System.nanoTime();
                e.run(img);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            out.printf(Locale.ROOT, "latency on real TFLite (%s, 1 thread, batch 1): median %.2f ms, p90 %.2f ms over %d runs%n",
                    e.backend(), ms[ms.length / 2], ms[ms.length * 9 / 10], ms.length);
        } catch (Exception | UnsatisfiedLinkError ex) {
            out.println("latency: real TFLite not available on this host (" + ex.getMessage() + ")");
        }
    }
}

package org.localexpert.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.core.eval.Evaluation;
import org.localexpert.core.eval.Evaluator;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.ModelCost;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.tflite.GeHash;
import org.localexpert.core.tflite.GpuCompatibility;
import org.localexpert.core.tflite.IncompatibleModelException;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelExporter;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.core.tflite.TfliteWriter;
import org.localexpert.core.train.Augmentation;
import org.localexpert.core.train.CancellationToken;
import org.localexpert.core.train.EpochSummary;
import org.localexpert.core.train.PlantRecipes;
import org.localexpert.core.train.Progress;
import org.localexpert.core.train.Trainer;
import org.localexpert.core.train.TrainerOptions;
import org.localexpert.core.train.TrainingListener;
import org.localexpert.core.train.TrainingResult;
import org.localexpert.host.ImageIoDecoder;

/**
 * {@code train-ge --domain plant}: the plant GE by transfer learning ({@link PlantRecipes}) on
 * sugarcane-daphal + plantvillage-tomato (one model, the union of their labels), each split by
 * {@link PlantSplits}. The head first learns alone on frozen-backbone features computed once per
 * photo; then the backbone's later blocks learn with it on photos augmented afresh every epoch.
 * Validation picks the best epoch and calibrates the "unsure" threshold; the test parts are scored
 * only at the end — on the written {@code .tflite} read back into the Java engine, so the numbers
 * are the shipped file's.
 */
final class TrainPlantGe {
    private TrainPlantGe() {}

    static String usage() {
        return "       localexpert train-ge --domain plant --data DIR --out FILE.tflite\n"
                + "                            [--epochs N] [--fine-tune-epochs N] [--tune-from-block B] [--fine-tune-lr R]\n"
                + "                            [--augment cached|online] [--min-crop A] [--feature-crop A] [--seed S] [--threads T]\n"
                + "                            [--size PX] [--copies C] [--init imagenet|random] [--crops both|sugarcane|tomato]\n"
                + "                            [--checkpoint FILE] [--no-test]\n"
                + "       localexpert train-ge --domain plant --data DIR --score FILE.tflite [--write-unsure] [--threads T]\n"
                + "  plant: MobileNet v1 0.25 (DIR/" + DataLocation.MOBILENET_BACKBONE + ") at --size px (default "
                + PlantRecipes.IMAGE_SIZE + "); data: DIR/" + DataLocation.SUGARCANE_DAPHAL + " + DIR/"
                + DataLocation.PLANTVILLAGE_TOMATO + ", fixed 70/15/15 splits.\n"
                + "         Phase 1: --epochs (default " + PlantRecipes.DEFAULT_EPOCHS + ") of the softmax head alone on cached features of the photos\n"
                + "         and --copies (default " + PlantRecipes.AUGMENTED_COPIES + ") augmented copies each. Phase 2: --fine-tune-epochs (default "
                + PlantRecipes.DEFAULT_FINE_TUNE_EPOCHS + ", 0 = none)\n"
                + "         of blocks B-13 (--tune-from-block, default " + PlantRecipes.DEFAULT_FIRST_TUNED_BLOCK
                + ") with the head, AdamW --fine-tune-lr (default " + PlantRecipes.FINE_TUNE_LEARNING_RATE + "):\n"
                + "         --augment cached (default, the shipped recipe): on the stem outputs of those same cached copies;\n"
                + "         --augment online: on the photos, augmented afresh each epoch (crop >= --min-crop of the area, default "
                + PlantRecipes.MIN_CROP_AREA + ",\n"
                + "         8 orientations, colour jitter); B = 0 then tunes every block.\n"
                + "         --feature-crop A (cached only; default 1 = off): the cached stem outputs are cropped (>= A of their area),\n"
                + "         scaled back and flipped afresh every epoch of both phases, so the fixed copies are not memorised.\n"
                + "         --init random (with --augment online): MobileNet v1 0.25's shape with BatchNorm from random weights, every layer\n"
                + "         trained --epochs (default " + PlantScratchNetwork.DEFAULT_EPOCHS + ") on the augmented photos: the from-scratch baseline.\n"
                + "         --crops sugarcane|tomato: a GE for one crop only (its labels and splits), to compare with the one 15-class model.\n"
                + "         --checkpoint FILE saves phase 2 every 20 steps and resumes from it. The unsure threshold (99 % answered accuracy\n"
                + "         on validation) goes into the metadata. --no-test leaves the test splits unscored (for comparing candidates);\n"
                + "         --score FILE scores a written plant GE on the validation and test splits (--write-unsure: and stores\n"
                + "         the threshold calibrated on validation in its metadata).";
    }

    static int run(Args args, PrintStream out) throws Exception {
        long start = System.nanoTime();
        Path data = Paths.get(args.require("data"));
        String score = args.get("score", null);
        if (score != null) return PlantGeScore.run(Paths.get(score), data, args, out);
        Path outFile = Paths.get(args.require("out"));
        String crops = args.get("crops", "both");
        if (!crops.equals("both") && !crops.equals("sugarcane") && !crops.equals("tomato")) {
            throw new UserError("--crops is 'both', 'sugarcane' or 'tomato', got '" + crops + "'");
        }
        String init = args.get("init", "imagenet");
        if (!init.equals("imagenet") && !init.equals("random")) throw new UserError("--init is 'imagenet' or 'random', got '" + init + "'");
        boolean scratch = init.equals("random");
        int epochs = args.getInt("epochs", scratch ? PlantScratchNetwork.DEFAULT_EPOCHS : PlantRecipes.DEFAULT_EPOCHS);
        int fineTune = args.getInt("fine-tune-epochs", PlantRecipes.DEFAULT_FINE_TUNE_EPOCHS);
        int firstTuned = args.getInt("tune-from-block", PlantRecipes.DEFAULT_FIRST_TUNED_BLOCK);
        double fineTuneLr = args.getDouble("fine-tune-lr", PlantRecipes.FINE_TUNE_LEARNING_RATE);
        double minCrop = args.getDouble("min-crop", PlantRecipes.MIN_CROP_AREA);
        long seed = args.getLong("seed", 1);
        int threads = args.getInt("threads", Runtime.getRuntime().availableProcessors());
        int size = args.getInt("size", PlantRecipes.IMAGE_SIZE);
        int copies = args.getInt("copies", PlantRecipes.AUGMENTED_COPIES);
        String checkpoint = args.get("checkpoint", null);
        boolean noTest = args.flag("no-test");
        String augment = args.get("augment", "cached");
        double featureCrop = args.getDouble("feature-crop", 1);
        args.rejectUnknown();
        if (!outFile.getFileName().toString().endsWith(".tflite")) throw new UserError("--out: the plant GE is written as FILE.tflite");
        if (epochs < 1) throw new UserError("--epochs must be at least 1");
        if (fineTune < 0) throw new UserError("--fine-tune-epochs must be >= 0");
        if (firstTuned < 0 || firstTuned > PlantRecipes.LAST_BLOCK) throw new UserError("--tune-from-block must be in 0.." + PlantRecipes.LAST_BLOCK);
        if (!augment.equals("cached") && !augment.equals("online")) throw new UserError("--augment is 'cached' or 'online', got '" + augment + "'");
        boolean online = augment.equals("online");
        if (!online && firstTuned == 0) throw new UserError("--tune-from-block 0 (every block) needs --augment online: the cached recipe runs the stem once");
        if (!(fineTuneLr > 0 && fineTuneLr < 1)) throw new UserError("--fine-tune-lr must be in (0, 1)");
        if (!(minCrop > 0 && minCrop <= 1)) throw new UserError("--min-crop must be a share of the area in (0, 1]");
        if (!(featureCrop > 0 && featureCrop <= 1)) throw new UserError("--feature-crop must be a share of the area in (0, 1]");
        if (online && featureCrop < 1) throw new UserError("--feature-crop goes with --augment cached (online augments the photos themselves)");
        if (threads < 1 || threads > 64) throw new UserError("--threads must be between 1 and 64");
        if (size < 32 || size > 320 || size % 32 != 0) throw new UserError("--size must be a multiple of 32 in 32..320 (MobileNet's stride), got " + size);
        if (copies < 0 || copies > 20) throw new UserError("--copies must be between 0 and 20");
        if (scratch && !online) throw new UserError("--init random trains every layer on the photos: it needs --augment online");
        Path outDir = outFile.toAbsolutePath().getParent();
        if (outDir != null && !Files.isDirectory(outDir)) throw new UserError("--out: folder " + outDir + " does not exist");

        // The crops this GE covers: its photos, labels and reports come from these splits only.
        List<String> cropNames = new ArrayList<>(), setNames = new ArrayList<>();
        List<PlantSplits.Split> splits = new ArrayList<>();
        Model frozenBackbone, stem = null, tail = null;
        try {
            if (!crops.equals("tomato")) {
                cropNames.add("Daphal");
                setNames.add(DataLocation.SUGARCANE_DAPHAL);
                splits.add(PlantSplits.daphal(PlantGeScore.load(data, DataLocation.SUGARCANE_DAPHAL, size, out), new ImageIoDecoder()));
            }
            if (!crops.equals("sugarcane")) {
                cropNames.add("tomato");
                setNames.add(DataLocation.PLANTVILLAGE_TOMATO);
                splits.add(PlantSplits.tomato(PlantGeScore.load(data, DataLocation.PLANTVILLAGE_TOMATO, size, out), new ImageIoDecoder()));
            }
            File backbones = scratch ? null : DataLocation.require(data.toFile(), DataLocation.MOBILENET_BACKBONE);
            frozenBackbone = scratch ? null : PlantRecipes.backbone(backbones, size, null)[0];
            if (fineTune > 0 && !scratch) {
                Model[] parts = PlantRecipes.backbone(backbones, size, PlantRecipes.blockOutput(firstTuned - 1));
                stem = parts[0];
                tail = parts[1];
            }
        } catch (DataException | IncompatibleModelException | org.localexpert.core.tflite.TfliteFormatException e) {
            throw new UserError(e.getMessage());
        }
        if (frozenBackbone != null) frozenBackbone.setThreads(threads);
        if (stem != null) stem.setThreads(threads);
        Dataset[] trainParts = new Dataset[splits.size()];
        for (int i = 0; i < trainParts.length; i++) trainParts[i] = splits.get(i).train(); // a split's parts keep the set's label list
        List<String> labels = PlantRecipes.unionLabels(trainParts);
        Dataset trainPhotos = null, valPhotos = null;
        StringBuilder sizes = new StringBuilder();
        for (int i = 0; i < splits.size(); i++) {
            PlantSplits.Split sp = splits.get(i);
            Dataset t = PlantRecipes.relabel(sp.train(), labels), v = PlantRecipes.relabel(sp.validation(), labels);
            trainPhotos = trainPhotos == null ? t : trainPhotos.concat(t);
            valPhotos = valPhotos == null ? v : valPhotos.concat(v);
            sizes.append(String.format(Locale.ROOT, "%s%s train/val/test %d/%d/%d", i == 0 ? "" : ", ", cropNames.get(i).toLowerCase(Locale.ROOT),
                    sp.train().size(), sp.validation().size(), sp.test().size()));
        }
        out.printf(Locale.ROOT, "plant GE: %d labels %s%n", labels.size(), labels);
        out.printf(Locale.ROOT, "  %s; %d px%n", sizes, size);

        TrainingResult result;
        String phases;
        Model network;
        if (scratch) {
            // The other starting point the issue asks to measure: the same shape, nothing learnt from ImageNet.
            network = PlantScratchNetwork.build(size, labels.size(), seed);
            network.setThreads(threads);
            out.printf(Locale.ROOT, "from scratch: MobileNet v1 0.25's shape with BatchNorm, random weights (%,d parameters), %d epochs on photos "
                    + "augmented afresh each epoch (%s), AdamW %.1e%n", countTrainable(network), epochs,
                    PlantRecipes.photoAugmentation(minCrop), PlantScratchNetwork.LEARNING_RATE);
            TrainerOptions.Builder o = PlantRecipes.options(epochs, PlantScratchNetwork.LEARNING_RATE, seed, threads)
                    .augmentation(() -> PlantRecipes.photoAugmentation(minCrop));
            if (checkpoint != null) o.checkpoint(Paths.get(checkpoint), 20).resume(true);
            result = train(network, o, trainPhotos, valPhotos, out);
            if (result.stop() == TrainingResult.Stop.NON_FINITE) return 1;
            phases = String.format(Locale.ROOT, "%d epochs from random weights on freshly augmented photos (%s), AdamW %.1e (best %d)",
                    epochs, PlantRecipes.photoAugmentation(minCrop), PlantScratchNetwork.LEARNING_RATE, result.bestEpoch());
        } else if (!online) {
            // The shipped recipe: the stem (blocks before B) runs once per photo and per augmented copy; the head
            // learns alone on those cached outputs through the frozen tail, then tail and head learn together on them.
            Model featureNet = fineTune > 0 ? stem : frozenBackbone;
            featureNet.setThreads(threads);
            Dataset[] cached = cachedFeatures(featureNet, trainPhotos, valPhotos, copies, PlantRecipes.cachedCopyAugmentation(), seed, out);
            Dataset trainFeatures = cached[0], valFeatures = cached[1];
            Model trained = PlantRecipes.trainable(tail, trainFeatures.shape(), labels.size(), seed);
            trained.setThreads(threads);
            Augmentation featureAug = featureCrop < 1 ? PlantRecipes.featureAugmentation(featureCrop) : null;
            out.printf(Locale.ROOT, "phase 1: the head alone, %d epochs%s%n", epochs, featureAug == null ? "" : ", cached features augmented each epoch: " + featureAug);
            TrainerOptions.Builder headOptions = PlantRecipes.options(epochs, PlantRecipes.HEAD_LEARNING_RATE, seed, threads);
            if (featureAug != null) headOptions.augmentation(() -> PlantRecipes.featureAugmentation(featureCrop));
            result = train(trained, headOptions, trainFeatures, valFeatures, out);
            if (result.stop() == TrainingResult.Stop.NON_FINITE) return 1;
            phases = epochs + " head epochs (best " + result.bestEpoch() + ")";
            if (featureAug != null) phases += ", cached features augmented each epoch (" + featureAug + ")";
            if (tail != null) {
                trained.unfreeze(PlantRecipes.tailLayers(tail));
                out.printf(Locale.ROOT, "phase 2: MobileNet blocks %d-13 with the head, %d epochs on the cached copies%n", firstTuned, fineTune);
                TrainerOptions.Builder o = PlantRecipes.options(fineTune, fineTuneLr, seed + 1, threads);
                if (featureAug != null) o.augmentation(() -> PlantRecipes.featureAugmentation(featureCrop));
                if (checkpoint != null) o.checkpoint(Paths.get(checkpoint), 50).resume(true);
                result = train(trained, o, trainFeatures, valFeatures, out);
                if (result.stop() == TrainingResult.Stop.NON_FINITE) return 1;
                phases += " + " + fineTune + " fine-tuning epochs of blocks " + firstTuned + "-13 (best " + result.bestEpoch() + ")";
            }
            network = PlantRecipes.network(featureNet, trained);
        } else {
            // Phase 1: the head alone, on the whole frozen backbone's features, computed once per photo and copy.
            Dataset[] cached = cachedFeatures(frozenBackbone, trainPhotos, valPhotos, copies, PlantRecipes.photoAugmentation(minCrop), seed, out);
            Dataset trainFeatures = cached[0], valFeatures = cached[1];
            Model head = PlantRecipes.trainable(null, trainFeatures.shape(), labels.size(), seed);
            head.setThreads(threads);
            out.printf(Locale.ROOT, "phase 1: the head alone, %d epochs%n", epochs);
            result = train(head, PlantRecipes.options(epochs, PlantRecipes.HEAD_LEARNING_RATE, seed, threads), trainFeatures, valFeatures, out);
            if (result.stop() == TrainingResult.Stop.NON_FINITE) return 1;
            phases = epochs + " head epochs on " + copies + " cached augmented copies (best " + result.bestEpoch() + ")";
            trainFeatures = null; // tens to hundreds of MB the fine-tuning does not need

            if (fineTune == 0) {
                network = PlantRecipes.network(frozenBackbone, head);
            } else {
                // Phase 2: blocks from B on with the head, on photos augmented afresh every epoch.
                Model trained = PlantRecipes.trainable(tail, stem.outputs().get(0).shape(), labels.size(), seed);
                PlantRecipes.copyHead(head, trained);
                trained.unfreeze(PlantRecipes.tailLayers(tail));
                network = PlantRecipes.network(stem, trained);
                network.setThreads(threads);
                out.printf(Locale.ROOT, "phase 2: MobileNet blocks %d-13 (%,d parameters) with the head, %d epochs on photos augmented afresh "
                                + "each epoch (%s), AdamW %.1e%s%n", firstTuned, countTrainable(network), fineTune,
                        PlantRecipes.photoAugmentation(minCrop), fineTuneLr, checkpoint == null ? "" : ", checkpoint " + checkpoint);
                TrainerOptions.Builder o = PlantRecipes.options(fineTune, fineTuneLr, seed + 1, threads)
                        .augmentation(() -> PlantRecipes.photoAugmentation(minCrop));
                if (checkpoint != null) o.checkpoint(Paths.get(checkpoint), 20).resume(true);
                result = train(network, o, trainPhotos, valPhotos, out);
                if (result.stop() == TrainingResult.Stop.NON_FINITE) return 1;
                phases += String.format(Locale.ROOT, " + %d epochs of blocks %d-13 on freshly augmented photos (%s), AdamW %.1e (best %d)",
                        fineTune, firstTuned, PlantRecipes.photoAugmentation(minCrop), fineTuneLr, result.bestEpoch());
            }
        }
        out.printf(Locale.ROOT, "best validation accuracy %.2f %% (%d photos)%n", 100 * result.bestValidation().accuracy(), valPhotos.size());

        Model inference = PlantRecipes.inferenceModel(network);
        TfliteModel tflite = ModelExporter.export(inference);
        Map<String, Integer> counts = new LinkedHashMap<>();
        int[] perClass = trainPhotos.classCounts();
        for (int c = 0; c < perClass.length; c++) counts.put(labels.get(c), perClass[c]);
        SimpleDateFormat iso = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT);
        iso.setTimeZone(TimeZone.getTimeZone("UTC"));
        LocalExpertMetadata meta = new LocalExpertMetadata()
                .domain(Domain.PLANT.id()).role("ge")
                .modelVersion(new SimpleDateFormat("yyyy-MM-dd", Locale.ROOT).format(new Date()) + ".seed" + seed)
                .labels(labels)
                .normalization(new float[] {0f}, new float[] {255f})
                .trainingData(String.join(" + ", setNames) + " train parts (PlantSplits, " + trainPhotos.size()
                        + " photos" + (scratch ? "" : ", " + copies + " augmented feature copies each") + "); "
                        + (scratch ? "MobileNet v1 0.25's shape from random weights" : "backbone ImageNet MobileNet v1 0.25 "
                        + "(tensorflow/tflite-support test data, Apache-2.0)") + " at " + size + " px, dense softmax head; " + phases)
                .sampleCounts(counts)
                .created(iso.format(new Date()))
                .property("image_size", Integer.toString(size))
                .property("training", phases);

        // Score the file as it ships: export, read back, run in the Java engine.
        Model shipped = ModelImporter.toModel(tflite);
        shipped.setThreads(threads);
        // The "unsure" threshold, calibrated on the validation photos with the file as it ships, so
        // predict and the app abstain without being told a threshold.
        ConfidenceThreshold unsure = PlantGeScore.calibrate(shipped, valPhotos);
        unsure.writeTo(meta);
        out.println("validation (" + valPhotos.size() + " photos): " + unsure);
        Evaluation[] val = new Evaluation[splits.size()], test = new Evaluation[splits.size()];
        StringBuilder valLine = new StringBuilder("validation of the written file:");
        for (int i = 0; i < splits.size(); i++) {
            String key = cropNames.get(i).toLowerCase(Locale.ROOT);
            val[i] = Evaluator.evaluate(shipped, PlantRecipes.relabel(splits.get(i).validation(), labels), 32);
            valLine.append(String.format(Locale.ROOT, "%s %s %.2f %%", i == 0 ? "" : ",", cropNames.get(i), 100 * val[i].accuracy()));
            meta.property(key + "_validation_accuracy", String.format(Locale.ROOT, "%.4f", val[i].accuracy()));
            if (!noTest) {
                test[i] = Evaluator.evaluate(shipped, PlantRecipes.relabel(splits.get(i).test(), labels), 32);
                meta.property(key + "_test_accuracy", String.format(Locale.ROOT, "%.4f", test[i].accuracy()));
            }
        }
        out.println(valLine);
        meta.geHash(GeHash.of(tflite));
        meta.writeTo(tflite);
        TfliteWriter.write(tflite, outFile);
        Files.write(outFile.resolveSibling("labels.txt"), (String.join("\n", labels) + "\n").getBytes(StandardCharsets.UTF_8));
        // The replay sample the app ships with this GE (the same seeded draw write-replay makes) and the GE's features of it.
        ReplayFiles.write(outFile.toAbsolutePath().resolveSibling(MoeFiles.REPLAY_FILE), org.localexpert.core.moe.Domain.PLANT,
                org.localexpert.core.moe.GlobalExpert.of(shipped, labels), meta.geHash(),
                org.localexpert.core.moe.PlantReplay.select(java.util.Arrays.asList(trainParts), labels,
                        org.localexpert.core.moe.PlantReplay.DEFAULT_PER_CLASS, org.localexpert.core.moe.PlantReplay.DEFAULT_SEED), out);

        if (noTest) {
            out.println("test splits not scored (--no-test): validation reports follow");
            for (Evaluation e : val) out.print(e.report());
        } else {
            for (int i = 0; i < splits.size(); i++) {
                out.printf(Locale.ROOT, "%s test (%d photos%s): accuracy %.2f %%%n", cropNames.get(i), splits.get(i).test().size(),
                        i == 0 ? ", never used for any choice" : "", 100 * test[i].accuracy());
                out.print(test[i].report());
            }
        }
        List<GpuCompatibility.Problem> problems = GpuCompatibility.check(TfliteReader.read(outFile));
        out.printf(Locale.ROOT, "wrote %s (%,d bytes, %,d parameters, %,d multiply-adds per photo, GE hash %s); GPU check: %s%n",
                outFile, Files.size(outFile), inference.parameterCount(), ModelCost.macs(inference), meta.geHash(),
                problems.isEmpty() ? "passes" : problems.toString());
        out.printf(Locale.ROOT, "labels written to %s%n", outFile.resolveSibling("labels.txt"));
        PlantGeScore.latency(outFile, size, out);
        out.printf(Locale.ROOT, "wall time %.0f s%n", (System.nanoTime() - start) / 1e9);
        return problems.isEmpty() ? 0 : 1;
    }

    private static int countTrainable(Model m) {
        int n = 0;
        for (org.localexpert.core.tensor.Parameter p : m.trainableParameters()) n += p.value().size();
        return n;
    }

    private static TrainingResult train(Model model, TrainerOptions.Builder options, Dataset train,
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

    /**
     * {@code net} run once over the training photos and {@code copies} augmented copies of each, and over
     * the validation photos (no copies): {training, validation} features for the phases that train on them.
     */
    private static Dataset[] cachedFeatures(Model net, Dataset trainPhotos, Dataset valPhotos, int copies,
                                            Augmentation aug, long seed, PrintStream out) {
        long t0 = System.nanoTime();
        Dataset train = PlantRecipes.features(net, trainPhotos, copies, aug, seed, PlantGeScore.progress(out, "train features", t0));
        Dataset val = PlantRecipes.features(net, valPhotos, 0, seed, PlantGeScore.progress(out, "validation features", System.nanoTime()));
        out.printf(Locale.ROOT, "features: %d training (%d photos x %d), %d validation, %.0f s%n", train.size(),
                trainPhotos.size(), copies + 1, val.size(), (System.nanoTime() - t0) / 1e9);
        return new Dataset[] {train, val};
    }

}

package org.localexpert.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.PlantReplay;
import org.localexpert.core.moe.ReplayFeatures;
import org.localexpert.core.moe.ReplaySample;
import org.localexpert.core.predict.GoldenSet;
import org.localexpert.host.ImageIoDecoder;

/**
 * {@code localexpert write-replay}: writes the "generic replay" sample of a GE — its inputs
 * ({@code replay.bin}: digits from MNIST train, or Daphal and tomato train photos, drawn seeded, so the
 * same data and flags always give the same file) and the GE's features of them
 * ({@link ReplayFeatures#FILE_NAME}, bound to the GE by its weights hash), which is what ships in the
 * app and what {@code personalize} reads. {@code train-ge} writes the features with its GE.
 */
final class WriteReplayCommand implements Command {
    @Override
    public String name() {
        return "write-replay";
    }

    @Override
    public String summary() {
        return "write the generic replay sample (GE-training inputs and the GE's features of them) beside a GE";
    }

    @Override
    public String usage() {
        return "usage: localexpert write-replay [--domain handwriting|plant] [--ge GE.tflite] [--data DIR] [--out FILE] [--per-class N] [--seed S]\n"
                + "                              [--features-only] [--golden-only]\n"
                + "  Draws N inputs per class (handwriting: " + ReplaySample.DEFAULT_PER_CLASS + " digits, seed " + ReplaySample.DEFAULT_SEED
                + ", from MNIST train; plant: " + PlantReplay.DEFAULT_PER_CLASS + " photos, seed " + PlantReplay.DEFAULT_SEED + ",\n"
                + "  from the Daphal and tomato TRAIN splits, at the GE's input size) under --data (default ../shared/data) into --out\n"
                + "  (default replay.bin beside the GE), then writes the GE's features of them as " + ReplayFeatures.FILE_NAME + " beside it.\n"
                + "  --ge             the GE (default the shipped one of the domain)\n"
                + "  --features-only  only recompute " + ReplayFeatures.FILE_NAME + " (and " + GoldenSet.FILE_NAME + ") from the existing --out (no data set needed)\n"
                + "  --golden-only    only write " + GoldenSet.FILE_NAME + " (the app's GPU-vs-CPU check inputs, drawn from --out) beside it";
    }

    @Override
    public int run(Args args, PrintStream out) throws IOException {
        Domain domain;
        try {
            domain = Domain.of(args.get("domain", "handwriting"));
        } catch (IllegalArgumentException e) {
            throw new UserError("--domain: " + e.getMessage());
        }
        Path gePath = Paths.get(args.get("ge", MoeFiles.shippedGe(domain)));
        String data = args.get("data", null);
        Path outPath = Paths.get(args.get("out", gePath.toAbsolutePath().resolveSibling(MoeFiles.REPLAY_FILE).toString()));
        int perClass = args.getInt("per-class", domain == Domain.PLANT ? PlantReplay.DEFAULT_PER_CLASS : ReplaySample.DEFAULT_PER_CLASS);
        long seed = args.getLong("seed", domain == Domain.PLANT ? PlantReplay.DEFAULT_SEED : ReplaySample.DEFAULT_SEED);
        boolean featuresOnly = args.flag("features-only");
        boolean goldenOnly = args.flag("golden-only");
        args.rejectUnknown();
        if (perClass < 1) throw new UserError("--per-class must be >= 1, got " + perClass);
        MoeFiles.Loaded geFile = MoeFiles.read(gePath);
        GlobalExpert ge = MoeFiles.readGe(geFile, gePath);
        if (MoeFiles.domainOf(geFile) != domain) throw new UserError(gePath + " is a " + MoeFiles.domainOf(geFile).id() + " GE, not " + domain.id());
        if (featuresOnly && goldenOnly) throw new UserError("--features-only and --golden-only: pick one");
        if (!featuresOnly && !goldenOnly) {
            File root = data != null ? new File(data) : DataLocation.root();
            Dataset sample = domain == Domain.PLANT ? drawPhotos(root, ge, perClass, seed, out) : drawDigits(root, perClass, seed, out);
            out.printf(Locale.ROOT, "drew %d per class, seed %d%n", perClass, seed);
            ReplayFiles.write(outPath, domain, ge, MoeFiles.geHash(geFile), sample, out);
            ReplayFiles.writeGolden(outPath, domain, ge, out);
            return 0;
        }
        if (!Files.isRegularFile(outPath)) {
            throw new UserError((goldenOnly ? "--golden-only" : "--features-only") + " needs the replay inputs at " + outPath
                    + " (write them first, without --features-only or --golden-only)");
        }
        if (goldenOnly) {
            ReplayFiles.writeGolden(outPath, domain, ge, out);
            return 0;
        }
        Dataset inputs = ReplayFiles.readInputs(outPath, domain, ge);
        ReplayFiles.writeFeatures(outPath.toAbsolutePath().resolveSibling(ReplayFeatures.FILE_NAME), MoeFiles.geHash(geFile), ge, inputs, out);
        ReplayFiles.writeGolden(outPath, domain, ge, out);
        return 0;
    }

    private static Dataset drawDigits(File root, int perClass, long seed, PrintStream out) {
        Dataset train;
        try {
            train = Mnist.load(root, Mnist.Part.TRAIN);
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
        int fewest = Arrays.stream(train.classCounts()).min().orElse(0);
        if (perClass > fewest) throw new UserError("--per-class " + perClass + " is more than the rarest digit has (" + fewest + ")");
        out.printf(Locale.ROOT, "drawing from MNIST train (%,d digits) under %s%n", train.size(), root);
        return ReplaySample.select(train, perClass, seed);
    }

    /**
     * The replay photos are what the gate learns as "not this farm": stored at the GE's own input size, so they
     * reach it as a camera photo would (a smaller copy scaled up would look blurred).
     */
    private static Dataset drawPhotos(File root, GlobalExpert ge, int perClass, long seed, PrintStream out) {
        int size = ge.inputShape()[0];
        PlantSplits.Split daphal = PlantSplits.daphal(MoeFiles.loadPlantSet(root, "sugarcane-daphal", size, ge.labels(), Collections.emptyMap(), out), new ImageIoDecoder());
        PlantSplits.Split tomato = PlantSplits.tomato(MoeFiles.loadPlantSet(root, "plantvillage-tomato", size, ge.labels(), Collections.emptyMap(), out), new ImageIoDecoder());
        return PlantReplay.select(Arrays.asList(daphal.train(), tomato.train()), ge.labels(), perClass, seed);
    }
}

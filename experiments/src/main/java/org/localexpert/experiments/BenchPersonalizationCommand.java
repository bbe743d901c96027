package org.localexpert.experiments;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import org.localexpert.cli.Args;
import org.localexpert.cli.BenchmarkGe;
import org.localexpert.cli.Command;
import org.localexpert.cli.DesignOptions;
import org.localexpert.cli.MoeFiles;
import org.localexpert.cli.ReplayFiles;
import org.localexpert.cli.UserError;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.core.model.Model;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.PersonalizationException;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.moe.ReplaySample;
import org.localexpert.core.moe.RoutingGuard;
import org.localexpert.host.ImageIoDecoder;

/**
 * {@code localexpert bench-personalization}: for {@code --domain handwriting} the paper's experiment on the 250 SD-1
 * writers; for {@code --domain plant} "my farm", one farm teaching k photos per class.
 */
public final class BenchPersonalizationCommand implements Command {
    @Override
    public String name() {
        return "bench-personalization";
    }

    @Override
    public String summary() {
        return "personalize for every real writer and compare GE vs mixture (table, CSV, PNG)";
    }

    @Override
    public String usage() {
        return "usage: localexpert bench-personalization --domain handwriting [--data DIR] [--users N]\n"
                + "           [--benchmark-ge FILE] [--out-dir DIR] [--threads T] [--seed S] [--guard RULE] [--margin M|none]\n"
                + "           [--compare-designs [--contiguous-folds]] [--compare-guards] [--no-baselines]\n"
                + "           [--writers all|design|evaluation]\n"
                + "  Users: the 250 SD-1 writers of MNIST train; each teaches the first half of their digits and is\n"
                + "  scored on the second half. Generic test: the 4,999 SD-3 digits of MNIST t10k. Reported apart:\n"
                + "  design writers (even id: every choice is made on these) and evaluation writers (odd id: scored once).\n"
                + "  Beside the mixture, the baselines on the same GE features (GE alone, last layer fine-tuned with and\n"
                + "  without replay, nearest class mean, 5-NN, LE alone, the paper's fresh LE + GN), with 95 % bootstrap\n"
                + "  intervals; per-user CSV bench-personalization.csv.\n"
                + "  --benchmark-ge FILE  the benchmark GE (LeNet-5 recipe on the SD-3 writers of MNIST train only):\n"
                + "                       a .tflite (default: the committed " + BenchmarkGe.SHIPPED + ")\n"
                + "                       or a checkpoint; if FILE does not exist it is trained (~30 min on 2 cores)\n"
                + "                       and saved there. Without the flag and without the committed file: trained in memory.\n"
                + "  --users N            only the first N writers (default all)\n"
                + "  --out-dir DIR        where the CSV and PNG go (default bench-out/handwriting)\n"
                + "  --threads T          threads for personalization and GE features (default 1: the phone's case)\n"
                + "  --guard RULE         the per-user routing guard: none, no-harm, must-beat, step-down, fewest-errors\n"
                + "                       (default: the library's default, see Personalizer)\n"
                + "  --margin M|none      the LE may overrule the GE where its top probability is >= the GE's - M\n"
                + "  --writers W          only the design or the evaluation writers (default all, reported apart)\n"
                + "  --no-baselines       the mixture alone (about a third of the time)\n"
                + "  --compare-designs    first compare LE/GN designs by cross-validation on the personalization halves\n"
                + "  --contiguous-folds   for --compare-designs: folds of contiguous blocks of each writer's digits (later ones predicted)\n"
                + PLANT_USAGE;
    }

    @Override
    public int run(Args args, PrintStream out) throws IOException {
        String name = args.require("domain");
        Domain domain = Domain.named(name);
        if (domain == null) throw new UserError("unknown domain '" + name + "' for bench-personalization (this build has: handwriting, plant)");
        return domain == Domain.PLANT ? plant(args, out) : handwriting(args, out);
    }

    /** {@code bench-personalization --domain handwriting}: the 250 SD-1 writers. */
    private static int handwriting(Args args, PrintStream out) throws IOException {
        String data = args.get("data", null);
        int users = args.getInt("users", 0);
        String geFile = args.get("benchmark-ge", null);
        Path outDir = Paths.get(args.get("out-dir", "bench-out/handwriting"));
        int threads = args.getInt("threads", 1);
        long seed = args.getLong("seed", 1);
        boolean compare = args.flag("compare-designs");
        boolean compareGuards = args.flag("compare-guards");
        boolean contiguousFolds = args.flag("contiguous-folds");
        String guard = args.get("guard", null);
        String margin = args.get("margin", null);
        boolean baselines = !args.flag("no-baselines");
        String writers = args.get("writers", "all");
        args.rejectUnknown();
        if (!writers.equals("all") && !writers.equals("design") && !writers.equals("evaluation")) {
            throw new UserError("--writers must be all, design or evaluation, got '" + writers + "'");
        }
        if (threads < 1) throw new UserError("--threads must be >= 1");
        PersonalizationOptions options;
        DesignOptions ob = DesignOptions.defaults().seed(seed).threads(threads).minPerClass(1);
        try {
            if ("none".equals(margin)) ob.noDuel();
            else if (margin != null) ob.duelMargin(Float.parseFloat(margin));
            if (guard != null) {
                RoutingGuard.Rule rule;
                try {
                    rule = RoutingGuard.Rule.valueOf(guard.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
                } catch (IllegalArgumentException e) {
                    throw new UserError("--guard must be none, no-harm, must-beat, step-down or fewest-errors, got '" + guard + "'");
                }
                ob.guard(rule);
            }
            options = ob.build();
        } catch (IllegalArgumentException e) {
            throw new UserError("bad --margin: " + e.getMessage());
        }
        File root = data != null ? new File(data) : org.localexpert.core.data.DataLocation.root();

        Dataset train, test;
        try {
            train = Mnist.load(root, Mnist.Part.TRAIN);
            test = Mnist.load(root, Mnist.Part.TEST);
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
        Path gePath = geFile != null ? Paths.get(geFile) : Paths.get(BenchmarkGe.SHIPPED);
        Model geModel; // probabilities output
        if (Files.isRegularFile(gePath)) {
            out.println("benchmark GE: " + gePath + (geFile == null ? " (committed with the project; --benchmark-ge FILE for another)" : ""));
            geModel = gePath.toString().endsWith(".tflite") ? BenchmarkGe.readTflite(gePath) : BenchmarkGe.withSoftmax(BenchmarkGeTraining.load(gePath));
        } else {
            out.println(geFile == null ? "benchmark GE: " + BenchmarkGe.SHIPPED + " not found (run from the project root to use it); training it (~30 min on 2 cores)"
                    : "benchmark GE: " + geFile + " does not exist yet; training it (~30 min on 2 cores)");
            long t0 = System.nanoTime();
            Path checkpoint = geFile != null ? Paths.get(geFile + ".training") : null;
            Model geLogits = BenchmarkGeTraining.train(train, BenchmarkGeTraining.EPOCHS,
                    Math.max(threads, 2), checkpoint, out);
            if (geFile != null) {
                double generic = org.localexpert.core.eval.Evaluator.evaluate(geLogits, HandwritingSplits.genericTest(test), 256).accuracy();
                if (geFile.endsWith(".tflite")) {
                    BenchmarkGeTraining.writeTflite(geLogits, gePath, HandwritingSplits.benchmarkGeTraining(train).size(), BenchmarkGeTraining.EPOCHS, generic);
                } else {
                    BenchmarkGeTraining.save(geLogits, gePath);
                }
                out.printf(java.util.Locale.ROOT, "benchmark GE saved to %s (%,d bytes; generic test accuracy %.2f %%; %.0f s)%n", geFile,
                        Files.size(gePath), 100 * generic, (System.nanoTime() - t0) / 1e9);
            }
            geModel = BenchmarkGe.withSoftmax(geLogits);
        }
        GlobalExpert ge = GlobalExpert.of(geModel, Mnist.LABELS);
        Dataset replay = ReplaySample.select(HandwritingSplits.benchmarkGeTraining(train), ReplaySample.DEFAULT_PER_CLASS,
                ReplaySample.DEFAULT_SEED);
        // Real writers wrote what they wrote: a class with a single sample is allowed here.
        if (compareGuards) {
            DesignComparison.compareGuards(train, ge, replay, options, DesignComparison.guardCandidates(), 0, users, 4, out);
            out.println();
        }
        if (compare) {
            DesignComparison.run(train, ge, replay, DesignComparison.candidates(options), users, 4, contiguousFolds, out);
            out.println();
        }
        PersonalizationBench.Report report = PersonalizationBench.run(train, test, ge, replay, options, writers, users, baselines,
                org.localexpert.host.ThreadCpuClock.orNull(), out);
        out.println("wrote " + writeFiles(outDir, report::writeCsv, png -> ErrorChart.write(report, png), report.methods));
        return 0;
    }

    /** Writes one of the bench's files. */
    private interface FileWriter {
        void write(Path file) throws IOException;
    }

    /**
     * The bench's files in {@code outDir}: the summary CSV, the chart and, with baselines, every method's CSV
     * ({@code methods}, null without); returns what was written, for the closing line.
     */
    private static String writeFiles(Path outDir, FileWriter summary, FileWriter chart, MethodTable methods) throws IOException {
        Files.createDirectories(outDir);
        Path csv = outDir.resolve("personalization.csv"), png = outDir.resolve("personalization.png");
        summary.write(csv);
        chart.write(png);
        String also = "";
        if (methods != null) {
            Path perUnit = outDir.resolve("bench-personalization.csv");
            methods.writeCsv(perUnit);
            also = ", " + perUnit;
        }
        return csv + also + " and " + png;
    }

    /** The farm: one farm's photos of three classes the plant GE knows. */
    private static final String FARM_SET = "sugarcane-roshitab";
    /** RoshitaB calls Rust "RedRust". */
    private static final Map<String, String> FARM_LABEL_MAP = Collections.singletonMap("RedRust", "Rust");

    private static final String PLANT_USAGE = "usage: localexpert bench-personalization --domain plant [--data DIR] [--ge FILE] [--replay FILE]\n"
            + "           [--k 5,10,20] [--draws N] [--out-dir DIR] [--threads T] [--seed S] [--compare-designs] [--no-baselines]\n"
            + "  The farm (sugarcane-roshitab, RedRust = Rust) teaches k photos per class (5 seeded draws per k) and is\n"
            + "  scored on its other photos; generic test: the Daphal test split. GE default " + MoeFiles.shippedGe(Domain.PLANT) + ",\n"
            + "  replay default replay.bin next to it (else drawn from the Daphal and tomato train splits).\n"
            + "  Beside the mixture, the same baselines as the handwriting bench (per k, 95 % bootstrap intervals over the\n"
            + "  farm's photos); per-draw CSV bench-personalization.csv.\n"
            + "  --no-baselines     the mixture alone\n"
            + "  --compare-designs  first compare LE/GN designs by cross-validation on the personalization photos (k=10)";

    /** {@code bench-personalization --domain plant}: "my farm". */
    private static int plant(Args args, PrintStream out) throws IOException {
        String data = args.get("data", null);
        Path gePath = Paths.get(args.get("ge", MoeFiles.shippedGe(Domain.PLANT)));
        String replayFile = args.get("replay", null);
        int[] ks = parseKs(args.get("k", "5,10,20"));
        int draws = args.getInt("draws", FarmBench.DRAWS);
        Path outDir = Paths.get(args.get("out-dir", "bench-out/plant"));
        int threads = args.getInt("threads", 1);
        long seed = args.getLong("seed", 1);
        boolean compare = args.flag("compare-designs");
        boolean baselines = !args.flag("no-baselines");
        args.rejectUnknown();
        if (threads < 1) throw new UserError("--threads must be >= 1");
        if (draws < 1) throw new UserError("--draws must be >= 1");
        long start = System.nanoTime();
        File root = data != null ? new File(data) : DataLocation.root();

        MoeFiles.Loaded geFile = MoeFiles.read(gePath);
        GlobalExpert ge = MoeFiles.readGe(gePath);
        String geHash = MoeFiles.geHash(geFile);
        int size = photoSize(ge, gePath);
        out.printf(Locale.ROOT, "plant GE %s (%s, %,d parameters, sha256 of the file %s)%n", gePath, geHash, ge.parameterCount(), sha256(gePath));
        Dataset farm = MoeFiles.loadPlantSet(root, FARM_SET, size, ge.labels(), FARM_LABEL_MAP, out);
        Dataset daphal = MoeFiles.loadPlantSet(root, "sugarcane-daphal", size, ge.labels(), Collections.<String, String>emptyMap(), out);
        PlantSplits.Split split = PlantSplits.daphal(daphal, new ImageIoDecoder());
        Dataset replay = replayFile != null ? ReplayFiles.readInputs(Paths.get(replayFile), Domain.PLANT, ge) : ReplayFiles.inputsNextTo(gePath, Domain.PLANT, ge);
        if (replay == null) replay = ReplayFiles.draw(Domain.PLANT, root, ge, out);
        PersonalizationOptions options = Domain.PLANT.defaults().seed(seed).threads(threads).build();
        try {
            if (compare) {
                FarmDesigns.run(ge, replay, farm, split.validation(), FarmDesigns.candidates(options), 10, draws, out);
                out.println();
            }
            Personalizer personalizer = new Personalizer(Domain.PLANT, ge, replay, options);
            FarmBench.Report report = FarmBench.run(personalizer, farm, split.test(), ks, draws, geHash, baselines,
                    org.localexpert.host.ThreadCpuClock.orNull(), out);
            String written = writeFiles(outDir, report::writeCsv, png -> FarmChart.write(report, png), report.allMethods);
            out.printf(Locale.ROOT, "wrote %s; wall time %.0f s%n", written, (System.nanoTime() - start) / 1e9);
        } catch (DataException | PersonalizationException e) {
            throw new UserError(e.getMessage());
        }
        return 0;
    }

    private static int photoSize(GlobalExpert ge, Path gePath) {
        return photoSize(ge.inputShape(), gePath);
    }

    /** The side of the square RGB photo a GE of input shape {@code s} takes; a clear error for anything else. */
    private static int photoSize(int[] s, Path gePath) {
        if (!MoeFiles.isPhotoShape(s)) throw new UserError(gePath + " takes " + Arrays.toString(s) + ", not square RGB photos");
        return s[0];
    }

    private static int[] parseKs(String s) {
        String[] parts = s.split(",");
        int[] ks = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ks[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UserError("--k takes photos per class like 5,10,20, got '" + s + "'");
            }
            if (ks[i] < 1) throw new UserError("--k values must be >= 1, got " + ks[i]);
        }
        return ks;
    }

    private static String sha256(Path file) throws IOException {
        return org.localexpert.core.data.Sha256.hex(Files.readAllBytes(file));
    }
}

package org.localexpert.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.model.Model;
import org.localexpert.core.moe.BenchmarkGe;
import org.localexpert.core.moe.DesignComparison;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.PersonalizationBench;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.ReplaySample;
import org.localexpert.core.moe.RoutingGuard;
import org.localexpert.core.moe.host.ErrorChart;

/** {@code localexpert bench-personalization --domain handwriting}: the paper's experiment on the 250 SD-1 writers. */
final class BenchPersonalizationCommand implements Command {
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
                + "           [--compare-designs] [--compare-guards] [--no-baselines]\n"
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
                + FarmCommands.BENCH_USAGE;
    }

    @Override
    public int run(Args args, PrintStream out) throws IOException {
        String domain = args.require("domain");
        if (domain.equals("plant")) return FarmCommands.bench(args, out);
        String data = args.get("data", null);
        int users = args.getInt("users", 0);
        String geFile = args.get("benchmark-ge", null);
        Path outDir = Paths.get(args.get("out-dir", "bench-out/handwriting"));
        int threads = args.getInt("threads", 1);
        long seed = args.getLong("seed", 1);
        boolean compare = args.flag("compare-designs");
        boolean compareGuards = args.flag("compare-guards");
        String guard = args.get("guard", null);
        String margin = args.get("margin", null);
        boolean baselines = !args.flag("no-baselines");
        String writers = args.get("writers", "all");
        args.rejectUnknown();
        if (!domain.equals("handwriting")) {
            throw new UserError("unknown domain '" + domain + "' for bench-personalization (this build has: handwriting, plant)");
        }
        if (!writers.equals("all") && !writers.equals("design") && !writers.equals("evaluation")) {
            throw new UserError("--writers must be all, design or evaluation, got '" + writers + "'");
        }
        if (threads < 1) throw new UserError("--threads must be >= 1");
        PersonalizationOptions options;
        PersonalizationOptions.Builder ob = PersonalizationOptions.builder().seed(seed).threads(threads).minPerClass(1);
        try {
            if (margin != null) ob.duelMargin(margin.equals("none") ? Float.NaN : Float.parseFloat(margin));
            PersonalizationOptions defaults = ob.build();
            RoutingGuard.Rule rule = defaults.guardRule();
            if (guard != null) {
                try {
                    rule = RoutingGuard.Rule.valueOf(guard.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
                } catch (IllegalArgumentException e) {
                    throw new UserError("--guard must be none, no-harm, must-beat, step-down or fewest-errors, got '" + guard + "'");
                }
            }
            options = ob.guard(rule, defaults.guardFolds()).build();
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
            geModel = gePath.toString().endsWith(".tflite") ? BenchmarkGe.readTflite(gePath) : BenchmarkGe.withSoftmax(BenchmarkGe.load(gePath));
        } else {
            out.println(geFile == null ? "benchmark GE: " + BenchmarkGe.SHIPPED + " not found (run from the project root to use it); training it (~30 min on 2 cores)"
                    : "benchmark GE: " + geFile + " does not exist yet; training it (~30 min on 2 cores)");
            long t0 = System.nanoTime();
            Path checkpoint = geFile != null ? Paths.get(geFile + ".training") : null;
            Model geLogits = BenchmarkGe.train(train, BenchmarkGe.EPOCHS,
                    Math.max(threads, 2), checkpoint, out);
            if (geFile != null) {
                double generic = org.localexpert.core.eval.Evaluator.evaluate(geLogits, HandwritingSplits.genericTest(test), 256).accuracy();
                if (geFile.endsWith(".tflite")) {
                    BenchmarkGe.writeTflite(geLogits, gePath, HandwritingSplits.benchmarkGeTraining(train).size(), BenchmarkGe.EPOCHS, generic);
                } else {
                    BenchmarkGe.save(geLogits, gePath);
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
            DesignComparison.run(train, ge, replay, DesignComparison.candidates(options), users, 4, out);
            out.println();
        }
        PersonalizationBench.Report report = PersonalizationBench.run(train, test, ge, replay, options, writers, users, baselines,
                org.localexpert.core.moe.host.ThreadCpuClock.orNull(), out);
        Files.createDirectories(outDir);
        Path csv = outDir.resolve("personalization.csv"), png = outDir.resolve("personalization.png");
        report.writeCsv(csv);
        ErrorChart.write(report, png);
        String also = "";
        if (report.methods != null) {
            Path perUser = outDir.resolve("bench-personalization.csv");
            report.methods.writeCsv(perUser);
            also = ", " + perUser;
        }
        out.println("wrote " + csv + also + " and " + png);
        return 0;
    }
}

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
                + "           [--benchmark-ge FILE] [--out-dir DIR] [--threads T] [--seed S] [--compare-designs]\n"
                + "  Users: the 250 SD-1 writers of MNIST train; each teaches the first half of their digits and is\n"
                + "  scored on the second half. Generic test: the 4,999 SD-3 digits of MNIST t10k.\n"
                + "  --benchmark-ge FILE  reuse a cached benchmark GE (LeNet-5 on SD-3 train only); if FILE does not\n"
                + "                       exist it is trained (minutes) and saved there. Without it, trained in memory.\n"
                + "  --users N            only the first N writers (default all)\n"
                + "  --out-dir DIR        where the CSV and PNG go (default bench-out/handwriting)\n"
                + "  --threads T          threads for personalization and GE features (default 1: the phone's case)\n"
                + "  --compare-designs    first compare LE/GN designs by cross-validation on the personalization halves";
    }

    @Override
    public int run(Args args, PrintStream out) throws IOException {
        String domain = args.require("domain");
        String data = args.get("data", null);
        int users = args.getInt("users", 0);
        String geFile = args.get("benchmark-ge", null);
        Path outDir = Paths.get(args.get("out-dir", "bench-out/handwriting"));
        int threads = args.getInt("threads", 1);
        long seed = args.getLong("seed", 1);
        boolean compare = args.flag("compare-designs");
        args.rejectUnknown();
        if (!domain.equals("handwriting")) {
            throw new UserError("unknown domain '" + domain + "' for bench-personalization (this build has: handwriting)");
        }
        if (threads < 1) throw new UserError("--threads must be >= 1");
        File root = data != null ? new File(data) : org.localexpert.core.data.DataLocation.root();

        Dataset train, test;
        try {
            train = Mnist.load(root, Mnist.Part.TRAIN);
            test = Mnist.load(root, Mnist.Part.TEST);
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
        Model geLogits;
        if (geFile != null && Files.isRegularFile(Paths.get(geFile))) {
            out.println("benchmark GE: reusing " + geFile);
            geLogits = BenchmarkGe.load(Paths.get(geFile));
        } else {
            Path checkpoint = geFile != null ? Paths.get(geFile + ".training") : null;
            geLogits = BenchmarkGe.train(train, org.localexpert.core.train.HandwritingRecipes.DEFAULT_EPOCHS,
                    Math.max(threads, 2), checkpoint, out);
            if (geFile != null) {
                BenchmarkGe.save(geLogits, Paths.get(geFile));
                out.println("benchmark GE saved to " + geFile);
            }
        }
        GlobalExpert ge = GlobalExpert.of(BenchmarkGe.withSoftmax(geLogits), Mnist.LABELS);
        Dataset replay = ReplaySample.select(HandwritingSplits.benchmarkGeTraining(train), ReplaySample.DEFAULT_PER_CLASS,
                ReplaySample.DEFAULT_SEED);
        // Real writers wrote what they wrote: a class with a single sample is allowed here.
        PersonalizationOptions options = PersonalizationOptions.builder().seed(seed).threads(threads).minPerClass(1).build();
        if (compare) {
            DesignComparison.run(train, ge, replay, DesignComparison.candidates(options), users, 4, out);
            out.println();
        }
        PersonalizationBench.Report report = PersonalizationBench.run(train, test, ge, replay, options, users, out);
        Files.createDirectories(outDir);
        Path csv = outDir.resolve("personalization.csv"), png = outDir.resolve("personalization.png");
        report.writeCsv(csv);
        ErrorChart.write(report, png);
        out.println("wrote " + csv + " and " + png);
        return 0;
    }
}

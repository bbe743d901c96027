package org.localexpert.experiments;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.localexpert.cli.Args;
import org.localexpert.cli.BenchmarkGe;
import org.localexpert.cli.Command;
import org.localexpert.cli.DesignOptions;
import org.localexpert.cli.UserError;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.ReplaySample;

/** {@code localexpert bench-new-classes}: a writer's digits plus five Omniglot symbols as new classes (issue 17). */
public final class BenchNewClassesCommand implements Command {
    @Override
    public String name() {
        return "bench-new-classes";
    }

    @Override
    public String summary() {
        return "a writer adds 5 Omniglot symbols (k = 1/5/10 drawings): new-class and digit accuracy vs GE and a nearest-mean baseline";
    }

    @Override
    public String usage() {
        return "usage: localexpert bench-new-classes [--data DIR] [--part design|evaluation] [--runs N] [--k 1,5,10]\n"
                + "           [--seed S] [--benchmark-ge FILE] [--out-dir DIR] [--threads T]\n"
                + "  A user = one SD-1 writer of MNIST train (their teaching half of digits) who adds 5 symbols of one\n"
                + "  Omniglot alphabet, drawn by k drawers each; held out: the writer's other half and the same symbols\n"
                + "  by 10 other drawers. Drawings are rendered from the pen strokes through the app's canvas path.\n"
                + "  Each run (seed) draws the writer, alphabet, symbols and drawers; all k share them.\n"
                + "  --part design       alphabets " + NewClassBench.DESIGN_ALPHABETS + ", even-position writers:\n"
                + "                      for choosing anything (default)\n"
                + "  --part evaluation   alphabets " + NewClassBench.EVALUATION_ALPHABETS + ", odd-position writers:\n"
                + "                      score once, at the end\n"
                + "  --runs N            runs per part (default 40)\n"
                + "  --k LIST            drawings taught per symbol, 1..10 (default 1,5,10)\n"
                + "  --benchmark-ge FILE the GE trained on SD-3 writers only (default " + BenchmarkGe.SHIPPED + ")\n"
                + "  --new-class-replay-weight W  a candidate recipe: replay weight W for users with new classes\n"
                + "  --out-dir DIR       where new-classes-<part>.csv goes (default bench-out/handwriting)\n"
                + "  Prints one row per run and k, then a SUMMARY line per k with bootstrap 95 % intervals over runs.\n"
                + "  Runtime: about 1 s per run and k on one core, plus ~20 s to load MNIST (40 runs x 3 k: ~3 min; longer on a busy machine).";
    }

    @Override
    public int run(Args args, PrintStream out) throws IOException {
        String data = args.get("data", null);
        String partName = args.get("part", "design");
        int runs = args.getInt("runs", 40);
        String kList = args.get("k", "1,5,10");
        long seed = args.getLong("seed", 1);
        String geFile = args.get("benchmark-ge", BenchmarkGe.SHIPPED);
        Path outDir = Paths.get(args.get("out-dir", "bench-out/handwriting"));
        int threads = args.getInt("threads", 1);
        String replayNew = args.get("new-class-replay-weight", null);
        args.rejectUnknown();
        NewClassBench.Part part;
        try {
            part = NewClassBench.Part.valueOf(partName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--part must be design or evaluation, got '" + partName + "'");
        }
        if (runs < 1) throw new UserError("--runs must be >= 1");
        if (threads < 1) throw new UserError("--threads must be >= 1");
        String[] parts = kList.split(",");
        int[] ks = new int[parts.length];
        try {
            for (int i = 0; i < ks.length; i++) ks[i] = Integer.parseInt(parts[i].trim());
        } catch (NumberFormatException e) {
            throw new UserError("--k must be a comma-separated list of numbers, got '" + kList + "'");
        }
        File root = data != null ? new File(data) : DataLocation.root();
        Dataset train, test;
        File omniglot;
        try {
            train = Mnist.load(root, Mnist.Part.TRAIN);
            test = Mnist.load(root, Mnist.Part.TEST);
            omniglot = DataLocation.require(root, DataLocation.OMNIGLOT);
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
        Path gePath = Paths.get(geFile);
        if (!Files.isRegularFile(gePath)) {
            throw new UserError("benchmark GE " + geFile + " not found: run from the project root, or give --benchmark-ge FILE "
                    + "(bench-personalization --benchmark-ge FILE.tflite trains one)");
        }
        out.println("benchmark GE: " + gePath);
        GlobalExpert ge = GlobalExpert.of(BenchmarkGe.readTflite(gePath), Mnist.LABELS);
        Dataset replay = ReplaySample.select(HandwritingSplits.benchmarkGeTraining(train), ReplaySample.DEFAULT_PER_CLASS,
                ReplaySample.DEFAULT_SEED);
        // k = 1 is a case the bench must measure, below the app's minimum per class.
        PersonalizationOptions options = Domain.HANDWRITING.defaults().threads(threads).minPerClass(1).build();
        try {
            if (replayNew != null) options = DesignOptions.from(options).newClassReplayWeight(Float.parseFloat(replayNew)).build();
        } catch (IllegalArgumentException e) {
            throw new UserError("bad --new-class-replay-weight: " + e.getMessage());
        }
        out.println("recipe: " + options);
        long t0 = System.nanoTime();
        NewClassBench.Report report;
        try {
            report = NewClassBench.run(part, omniglot, train, test, ge, replay, options, ks, runs, seed, out);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Files.createDirectories(outDir);
        Path csv = outDir.resolve("new-classes-" + part.name().toLowerCase(Locale.ROOT) + ".csv");
        report.writeCsv(csv);
        out.printf(Locale.ROOT, "wrote %s (%.0f s)%n", csv, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}

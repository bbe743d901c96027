package org.localexpert.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.moe.ReplaySample;

/**
 * {@code localexpert write-replay}: writes the "generic replay" sample that ships next to the
 * handwriting GE ({@code models/handwriting/replay.bin}). The shipped GE was trained on all of MNIST
 * train, so the sample is drawn from there, seeded: the same data and flags always give the same
 * file. With it next to the GE, {@code personalize} and the app need no data set at all.
 */
final class WriteReplayCommand implements Command {
    /** The file name {@link MoeFiles#replayNextTo} looks for beside a GE. */
    static final String DEFAULT_OUT = DemoCommand.SHIPPED_DIR + "/" + MoeFiles.REPLAY_FILE;

    @Override
    public String name() {
        return "write-replay";
    }

    @Override
    public String summary() {
        return "write the generic replay sample (GE-training digits) that ships next to the handwriting GE";
    }

    @Override
    public String usage() {
        return "usage: localexpert write-replay [--data DIR] [--out FILE] [--per-class N] [--seed S]\n"
                + "  Draws N digits per class (default " + ReplaySample.DEFAULT_PER_CLASS + ", seed " + ReplaySample.DEFAULT_SEED
                + ") from MNIST train under --data (default ../shared/data),\n"
                + "  the shipped GE's training set, and writes them to --out (default " + DEFAULT_OUT + ").\n"
                + FarmCommands.REPLAY_USAGE;
    }

    @Override
    public int run(Args args, PrintStream out) throws IOException {
        if ("plant".equals(args.get("domain", "handwriting"))) return FarmCommands.writeReplay(args, out);
        String data = args.get("data", null);
        Path outPath = Paths.get(args.get("out", DEFAULT_OUT));
        int perClass = args.getInt("per-class", ReplaySample.DEFAULT_PER_CLASS);
        long seed = args.getLong("seed", ReplaySample.DEFAULT_SEED);
        args.rejectUnknown();
        if (perClass < 1) throw new UserError("--per-class must be >= 1, got " + perClass);
        File root = data != null ? new File(data) : DataLocation.root();
        Dataset train;
        try {
            train = Mnist.load(root, Mnist.Part.TRAIN);
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
        int fewest = Arrays.stream(train.classCounts()).min().orElse(0);
        if (perClass > fewest) throw new UserError("--per-class " + perClass + " is more than the rarest digit has (" + fewest + ")");
        Dataset sample = ReplaySample.select(train, perClass, seed);
        ReplaySample.write(sample, outPath);
        out.printf(Locale.ROOT, "wrote %s: %d digits (%d per class, seed %d) from MNIST train (%,d digits) under %s; %,d bytes%n",
                outPath, sample.size(), perClass, seed, train.size(), root, Files.size(outPath));
        return 0;
    }
}

package org.localexpert.experiments;

import java.io.PrintStream;
import org.localexpert.cli.Args;
import org.localexpert.cli.Command;
import org.localexpert.cli.UserError;
import org.localexpert.core.data.DataLocation;

/** {@code localexpert bench-train}: forward+backward samples/s of the LeNet-5 GE (a harness, not a test). */
public final class BenchTrainCommand implements Command {
    @Override
    public String name() {
        return "bench-train";
    }

    @Override
    public String summary() {
        return "measure training throughput (forward+backward samples/s) of the LeNet-5 GE";
    }

    @Override
    public String usage() {
        return "usage: localexpert bench-train [--batch 32] [--threads 1,2] [--data DIR]\n"
                + "  Warm-up, then 7 timed runs of 20 iterations per thread count; prints the median samples/s\n"
                + "  (and min/max) for forward+backward and for forward+backward+AdamW update. Uses MNIST digits\n"
                + "  from --data (default ../shared/data) or synthetic ones when absent. Close other work first:\n"
                + "  the figures are only as quiet as the machine.";
    }

    @Override
    public int run(Args args, PrintStream out) {
        int batch = args.getInt("batch", 32);
        String threadList = args.get("threads", "1,2");
        String data = args.get("data", null);
        args.rejectUnknown();
        if (batch < 1) throw new UserError("--batch must be >= 1");
        String[] parts = threadList.split(",");
        int[] threads = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                threads[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UserError("--threads must be a comma-separated list of whole numbers, got '" + threadList + "'");
            }
            if (threads[i] < 1 || threads[i] > 64) throw new UserError("--threads values must be between 1 and 64");
        }
        if (data != null) System.setProperty(DataLocation.PROPERTY, data);
        TrainingBenchmark.run(batch, threads, TrainingBenchmark.loadDigitsOrSynthetic(out), out);
        return 0;
    }
}

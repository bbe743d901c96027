package org.localexpert.experiments;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.loss.SoftmaxCrossEntropy;
import org.localexpert.core.model.Model;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.train.Adam;
import org.localexpert.core.train.HandwritingRecipes;
import org.localexpert.core.train.LeNet5;
import org.localexpert.core.train.Optimizer;
import org.localexpert.core.train.Rng;

/**
 * Forward + backward throughput of a classifier, the figure that decides how long training takes:
 * warm-up (so the JIT has compiled the hot loops), then several timed runs, reporting the median
 * and the spread. Not a unit test — a harness that prints figures ({@code localexpert bench-train},
 * or {@code java -cp experiments/target/localexpert-experiments.jar org.localexpert.experiments.TrainingBenchmark}).
 *
 * <p>Measured per iteration: zero gradients, forward in training mode, softmax cross-entropy,
 * backward (all parameter gradients), and separately the same plus an AdamW update.
 */
public final class TrainingBenchmark {
    /** Result of one configuration. */
    public static final class Result {
        public final int threads;
        public final int batch;
        public final double medianSamplesPerSecond;
        public final double minSamplesPerSecond;
        public final double maxSamplesPerSecond;
        public final double medianWithUpdate;
        /** Samples per CPU-second of this process over all timed runs (NaN where /proc is absent). */
        public final double samplesPerCpuSecond;

        Result(int threads, int batch, double[] runs, double[] withUpdate, double samplesPerCpuSecond) {
            this.samplesPerCpuSecond = samplesPerCpuSecond;
            this.threads = threads;
            this.batch = batch;
            double[] s = runs.clone();
            Arrays.sort(s);
            this.medianSamplesPerSecond = median(s);
            this.minSamplesPerSecond = s[0];
            this.maxSamplesPerSecond = s[s.length - 1];
            double[] u = withUpdate.clone();
            Arrays.sort(u);
            this.medianWithUpdate = median(u);
        }

        private static double median(double[] sorted) {
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "threads %d  batch %d  forward+backward %8.0f samples/s (median; min %.0f, max %.0f)"
                            + "   with AdamW update %8.0f samples/s   per CPU-second %6.0f samples",
                    threads, batch, medianSamplesPerSecond, minSamplesPerSecond, maxSamplesPerSecond, medianWithUpdate,
                    samplesPerCpuSecond);
        }
    }

    private TrainingBenchmark() {}

    /**
     * Measures {@code model} on batches cut from {@code data} (cycled), {@code runs} timed runs of
     * {@code iterations} iterations after {@code warmupIterations} untimed ones.
     */
    public static Result measure(Model model, Dataset data, int batch, int threads, int warmupIterations, int runs,
                                 int iterations) {
        if (data.size() < batch) throw new IllegalArgumentException("need at least " + batch + " examples, got " + data.size());
        model.setThreads(threads);
        int batches = Math.min(8, data.size() / batch);
        Tensor[] inputs = new Tensor[batches];
        int[][] labels = new int[batches][];
        for (int b = 0; b < batches; b++) {
            inputs[b] = data.batch(b * batch, (b + 1) * batch).inputs();
            labels[b] = data.batch(b * batch, (b + 1) * batch).labels();
        }
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Optimizer adam = Adam.adamW(1e-4, 0.01);
        List<Parameter> params = model.trainableParameters();
        for (int i = 0; i < warmupIterations; i++) iteration(model, loss, inputs[i % batches], labels[i % batches], adam, params, i % 2 == 0);
        double[] plain = new double[runs];
        double[] withUpdate = new double[runs];
        double cpuBefore = processCpuSeconds();
        for (int r = 0; r < runs; r++) {
            plain[r] = timed(model, loss, inputs, labels, null, params, iterations, batch);
            withUpdate[r] = timed(model, loss, inputs, labels, adam, params, iterations, batch);
        }
        double cpu = processCpuSeconds() - cpuBefore;
        double perCpuSecond = cpuBefore < 0 || cpu <= 0 ? Double.NaN : 2.0 * runs * iterations * batch / cpu;
        return new Result(threads, batch, plain, withUpdate, perCpuSecond);
    }

    private static double timed(Model model, SoftmaxCrossEntropy loss, Tensor[] inputs, int[][] labels, Optimizer opt,
                                List<Parameter> params, int iterations, int batch) {
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            iteration(model, loss, inputs[i % inputs.length], labels[i % inputs.length], opt, params, opt != null);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return (double) iterations * batch / seconds;
    }

    private static void iteration(Model model, SoftmaxCrossEntropy loss, Tensor x, int[] y, Optimizer opt,
                                  List<Parameter> params, boolean update) {
        model.zeroGrad();
        Tensor logits = model.forward(x, true);
        loss.forward(logits, y);
        model.backward(loss.backward());
        if (update && opt != null) opt.step(params);
    }

    /** Synthetic digits (random strokes-like noise) when MNIST is not at hand: the speed does not depend on pixel values much. */
    public static Dataset syntheticDigits(int n, long seed) {
        Rng rng = new Rng(seed);
        java.util.List<org.localexpert.core.data.Example> ex = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] img = new float[28 * 28];
            for (int p = 0; p < img.length; p++) img[p] = rng.nextDouble() < 0.2 ? (float) rng.nextDouble() : 0f;
            ex.add(new org.localexpert.core.data.Example(img, new int[] {28, 28, 1}, i % 10));
        }
        return new Dataset(ex, org.localexpert.core.data.Mnist.LABELS);
    }

    /** Prints the LeNet-5 GE's figures at batch 32 with 1 and 2 threads (or as given: batch threads...). */
    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int[] threads = args.length > 1 ? Arrays.stream(Arrays.copyOfRange(args, 1, args.length)).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 2};
        run(batch, threads, loadDigitsOrSynthetic(System.out), System.out);
    }

    /** MNIST train's first 512 digits when the data folder is there, else synthetic ones (said so). */
    public static Dataset loadDigitsOrSynthetic(PrintStream out) {
        try {
            Dataset mnist = org.localexpert.core.data.Mnist.load(org.localexpert.core.data.Mnist.Part.TRAIN);
            int[] first = new int[512];
            for (int i = 0; i < first.length; i++) first[i] = i;
            out.println("data: the first 512 digits of MNIST train");
            return mnist.subset(first);
        } catch (org.localexpert.core.data.DataException e) {
            out.println("data: synthetic 28x28 digits (" + e.getMessage() + ")");
            return syntheticDigits(512, 1);
        }
    }

    /**
     * CPU time (user + system, all threads) of this process from /proc/self/stat, or -1 where that
     * file does not exist. On a shared machine wall-clock throughput depends on what else runs;
     * throughput per CPU-second much less. Clock ticks are taken as 100 Hz (USER_HZ on Linux and
     * Android).
     */
    static double processCpuSeconds() {
        try {
            String stat = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/self/stat")),
                    java.nio.charset.StandardCharsets.US_ASCII);
            // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The system load from /proc/loadavg (Linux, Android), or "unknown": a figure measured while
     * other work competes for the cores is not the engine's speed, so the harness prints it.
     * (java.lang.management would do this on a desktop JVM but does not exist on Android.)
     */
    static String loadAverage() {
        try {
            String[] f = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/loadavg")),
                    java.nio.charset.StandardCharsets.US_ASCII).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Runs and prints each thread count. */
    public static void run(int batch, int[] threads, Dataset digits, PrintStream out) {
        Model model = HandwritingRecipes.geModel(1);
        out.printf(Locale.ROOT, "LeNet-5 GE (%s): %,d parameters, %,d multiply-adds per digit forward%n",
                HandwritingRecipes.geConfig(), model.parameterCount(), LeNet5.macs(model));
        out.printf(Locale.ROOT, "machine: %d processors, Java %s, %s; load average (1/5/15 min) %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty("os.arch"),
                loadAverage());
        for (int t : threads) {
            Result r = measure(model, digits, batch, t, 30, 7, 20);
            out.println(r);
            // forward+backward ≈ 3× the forward multiply-adds; 2 FLOPs per multiply-add
            out.printf(Locale.ROOT, "          ≈ %.2f GFLOP/s (forward+backward counted as 3 × %,d multiply-adds per digit)%n",
                    r.medianSamplesPerSecond * 3 * 2 * LeNet5.macs(model) / 1e9, LeNet5.macs(model));
        }
    }
}

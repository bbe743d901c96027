package org.localexpert.experiments.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * Times several contenders against each other on a shared, noisy machine: after a warm-up (the JIT
 * compiles the hot loops, native libraries fill their caches), {@code rounds} rounds in which each
 * contender in turn runs for about {@code roundSeconds}; the figure is the median over rounds of the
 * time per call. Interleaving puts the contenders under the same load, so their ratio holds up far
 * better than figures taken minutes apart; every other round runs them in reverse order, so neither
 * always follows the other (a garbage collector or a cache left behind by one lands on both).
 */
final class Rounds {
    final double warmupSeconds;
    final int rounds;
    final double roundSeconds;

    /** Medians of the last {@link #medianSecondsPerCall}: process CPU seconds per wall second of each contender (NaN without /proc). */
    double[] coresUsed;
    /** Medians of the last {@link #medianSecondsPerCall}: CPU seconds of the calling thread per call (NaN without /proc). */
    double[] threadCpuPerCall;
    /** The last {@link #medianSecondsPerCall} result (median wall seconds per call). */
    double[] lastWall;

    Rounds(double warmupSeconds, int rounds, double roundSeconds) {
        if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1");
        this.warmupSeconds = warmupSeconds;
        this.rounds = rounds;
        this.roundSeconds = roundSeconds;
    }

    /** Median seconds per call of each contender. */
    double[] medianSecondsPerCall(Runnable... contenders) {
        for (Runnable c : contenders) runFor(c, warmupSeconds / contenders.length);
        int n = contenders.length;
        double[][] perCall = new double[n][rounds], cores = new double[n][rounds], threadCpu = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < n; i++) {
                int c = r % 2 == 0 ? i : n - 1 - i;
                double cpu0 = processCpuSeconds(), thread0 = threadCpuNanos();
                long t0 = System.nanoTime();
                int[] calls = new int[1];
                perCall[c][r] = runFor(contenders[c], roundSeconds, calls);
                cores[c][r] = (processCpuSeconds() - cpu0) / ((System.nanoTime() - t0) / 1e9);
                threadCpu[c][r] = (threadCpuNanos() - thread0) / 1e9 / calls[0];
            }
        }
        double[] median = new double[n];
        coresUsed = new double[n];
        threadCpuPerCall = new double[n];
        for (int c = 0; c < n; c++) {
            median[c] = median(perCall[c]);
            coresUsed[c] = median(cores[c]);
            threadCpuPerCall[c] = median(threadCpu[c]);
        }
        lastWall = median;
        return median;
    }

    /** Runs {@code step} (at least once) for about {@code seconds}; returns seconds per call. */
    static double runFor(Runnable step, double seconds) {
        return runFor(step, seconds, new int[1]);
    }

    /** As {@link #runFor(Runnable, double)}, also returning the number of calls in {@code calls[0]}. */
    static double runFor(Runnable step, double seconds, int[] calls) {
        long start = System.nanoTime(), end = start + (long) (seconds * 1e9), now;
        int n = 0;
        do {
            step.run();
            n++;
            now = System.nanoTime();
        } while (now < end);
        calls[0] = n;
        return (now - start) / 1e9 / n;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** CPU time (user + system) of this process, all threads, native ones included; NaN where /proc is absent. */
    static double processCpuSeconds() {
        return cpuSeconds("/proc/self/stat");
    }

    /** CPU time of the calling thread; NaN where /proc is absent. */
    static double threadCpuSeconds() {
        return cpuSeconds("/proc/thread-self/stat");
    }

    /**
     * CPU time of the calling thread in nanoseconds, from the scheduler's own account
     * ({@code /proc/thread-self/schedstat}, first field; exact, unlike the 10 ms ticks of stat); NaN
     * where it is absent. On a machine shared with other work this is what a call costs, where the
     * wall time also counts the time the thread waited for a core.
     */
    static double threadCpuNanos() {
        try {
            String s = new String(Files.readAllBytes(Paths.get("/proc/thread-self/schedstat")), StandardCharsets.US_ASCII).trim();
            return Long.parseLong(s.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** utime + stime (fields 14 and 15, in USER_HZ = 100 ticks per second) of a /proc stat file. */
    private static double cpuSeconds(String file) {
        try {
            String stat = new String(Files.readAllBytes(Paths.get(file)), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}

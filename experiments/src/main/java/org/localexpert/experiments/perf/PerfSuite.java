package org.localexpert.experiments.perf;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.loss.SoftmaxCrossEntropy;
import org.localexpert.core.model.Model;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.moe.PersonalConfidence;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.runtime.InferenceOptions;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.tflite.ModelExporter;
import org.localexpert.core.tflite.TfliteWriter;
import org.localexpert.core.train.HandwritingRecipes;
import org.localexpert.experiments.TrainingBenchmark;
import org.localexpert.host.HostTfliteEngine;

/**
 * {@code localexpert bench-perf}: the performance figures of issue 8 measured side by side in one
 * run, as ratios wherever two things are compared (both timed in interleaved rounds, so they share
 * the machine's load), with warm-up and medians.
 * <ol>
 * <li>mixture / GE latency on real TFLite (host, 1 thread, XNNPACK, direct buffers, batch 1), both domains;</li>
 * <li>Java engine / real TFLite latency for the same .tflite (the GE), both domains;</li>
 * <li>Java engine / baseline training throughput (forward + backward, LeNet-5 GE, same MNIST batches,
 * same thread count) — the baseline (DL4J) comes from the {@code -Pbench} module through {@link TrainingBaseline};</li>
 * <li>personalization time (user features + LE and GN training + the personal unsure cut, 1 thread), as the app's job runs it;</li>
 * <li>sizes: GE, LE + GN share of the GE (parameters, bytes, FLOPs), APK bytes by kind.</li>
 * </ol>
 */
public final class PerfSuite {
    /** What to run and where things are. */
    public static final class Options {
        public Path models;
        public File data;
        public Path apk;
        public int trainThreads = 1;
        public int batch = HandwritingRecipes.BATCH_SIZE;
        /** Shorter rounds (for a smoke run): the figures are noisier. */
        public boolean quick;
    }

    private final Options o;
    private final PrintStream out;
    private final Rounds latencyRounds, trainingRounds;
    private final int personalizationRuns;

    public PerfSuite(Options options, PrintStream out) {
        this.o = options;
        this.out = out;
        latencyRounds = options.quick ? new Rounds(1, 3, 0.1) : new Rounds(4, 9, 0.4);
        trainingRounds = options.quick ? new Rounds(2, 3, 0.3) : new Rounds(6, 7, 1.5);
        personalizationRuns = options.quick ? 1 : 3;
    }

    public PerfTable run() throws IOException {
        PerfTable t = new PerfTable();
        long t0 = System.nanoTime();
        t.machine(String.format(Locale.ROOT, "machine: %d processors (shared with other work; load average at start %s), %s %s",
                Runtime.getRuntime().availableProcessors(), loadAverage(), System.getProperty("os.name"), System.getProperty("os.arch")));
        t.machine("JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        List<PerfDomain> domains = new ArrayList<>();
        domains.add(PerfDomain.handwriting(o.models, o.data, out));
        domains.add(PerfDomain.plant(o.models, o.data, out));

        List<Mixture> mixtures = new ArrayList<>();
        List<Personalization[]> runs = new ArrayList<>();
        for (PerfDomain d : domains) {
            out.println("personalizing (" + d.name + ") ...");
            Personalization[] r = d.hasData() ? personalize(d) : null;
            runs.add(r);
            mixtures.add(r == null ? null : r[r.length - 1].mixture());
        }

        // 1 + 2: latency, every contender of a domain in the same interleaved rounds.
        String tfliteVersion = null;
        for (int i = 0; i < domains.size(); i++) {
            PerfDomain d = domains.get(i);
            Mixture m = mixtures.get(i);
            out.println("latency (" + d.name + ") ...");
            float[] x = d.sampleInput();
            InferenceOptions one = new InferenceOptions().threads(1).xnnpack(true);
            byte[] mixtureBytes = m == null ? null : TfliteWriter.write(ModelExporter.export(m.model()));
            try (HostTfliteEngine geTflite = HostTfliteEngine.open(d.geBytes, one);
                 HostTfliteEngine mixTflite = mixtureBytes == null ? null : HostTfliteEngine.open(mixtureBytes, one);
                 JavaEngine geJava = new JavaEngine(d.ge.model(), new InferenceOptions().threads(1))) {
                tfliteVersion = geTflite.backend();
                Runnable tflite = () -> geTflite.run(x), java = () -> geJava.run(x);
                // Row 1 in rounds of its own: with the Java engine in the same rounds, its garbage
                // collection lands on the TFLite contenders' time.
                if (mixTflite != null) {
                    latencyRounds.medianSecondsPerCall(tflite, () -> mixTflite.run(x));
                    latencyRow(t, "1", "mixture / GE latency, TFLite (" + d.name + ")", 1.05);
                } else {
                    t.notRun("1", "mixture / GE latency, TFLite (" + d.name + ")", "not run: " + d.missing, "≤ 1.05");
                }
                latencyRounds.medianSecondsPerCall(tflite, java);
                latencyRow(t, "2", "Java engine / TFLite latency, GE (" + d.name + ")", 2.0);
                d.geTfliteSeconds = latencyRounds.threadCpuPerCall[0];
            } catch (org.localexpert.core.tflite.TfliteFormatException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (mixtureBytes != null) d.mixtureBytes = mixtureBytes.length;
        }
        t.machine("TFLite: " + tfliteVersion + ", batch 1, direct native-order buffers; Java engine: 1 thread, batch 1");

        // 3: training throughput against the baseline.
        training(t);

        // 4: personalization time.
        double[] targets = {0.3, 1.5};
        for (int i = 0; i < domains.size(); i++) {
            PerfDomain d = domains.get(i);
            Personalization[] r = runs.get(i);
            // The work runs on this one thread, so its CPU time is the wall time it takes on a core of its own.
            String fig = "personalization time, 1 thread: its CPU s = wall on an idle core (" + d.name + ")";
            if (r == null) {
                t.notRun("4", fig, "not run: " + d.missing, "≤ " + targets[i] + " s");
                continue;
            }
            double med = Rounds.median(d.cpuSeconds), wall = Rounds.median(d.seconds);
            Personalization last = r[r.length - 1];
            t.atMost("4", fig, String.format(Locale.ROOT,
                    "wall %.2f s on the shared machine; %s; median of %d after a warm-up; last run: user features %.2f s "
                            + "(%d samples and their %d augmented copies through %s; the GE alone takes %s CPU per input there), LE+GN training %.2f s, "
                            + "personal unsure cut (%d-fold cross-validation, PersonalConfidence) %.2f s CPU (median %.2f s); "
                            + "replay: %d shipped feature vectors", wall, d.userDescription, r.length, last.featureSeconds(), last.userSamples(),
                    last.warpedCopies(), d.featureBackend, d.geTfliteSeconds < 0 ? "?" : us(d.geTfliteSeconds), last.trainSeconds(),
                    PersonalConfidence.FOLDS, d.cutSeconds[r.length - 1], Rounds.median(d.cutSeconds), d.replay.size()),
                    med, "s", targets[i]);
        }

        // 5: sizes.
        for (int i = 0; i < domains.size(); i++) sizes(t, domains.get(i), mixtures.get(i), i == 0);
        apk(t);
        t.machine(String.format(Locale.ROOT, "whole run: %.0f s; load average at the end %s", (System.nanoTime() - t0) / 1e9, loadAverage()));
        return t;
    }

    /**
     * A latency ratio from the last latency rounds (contender 1 over contender 0). Both run on the
     * calling thread (TFLite with 1 thread, the Java engine with 1), so the figure is the median CPU
     * time of that thread per input — what a call takes on a core of its own. Wall time on this
     * shared machine also counts waiting for a core; it is given beside it.
     */
    private void latencyRow(PerfTable t, String row, String figure, double target) {
        double[] cpu = latencyRounds.threadCpuPerCall, wall = latencyRounds.lastWall;
        t.atMost(row, figure, String.format(Locale.ROOT, "%s vs %s CPU per input (wall on the shared machine %s vs %s)",
                us(cpu[1]), us(cpu[0]), us(wall[1]), us(wall[0])), cpu[1] / cpu[0], "x", target);
    }

    /** One warm-up personalization, then {@code personalizationRuns} timed ones (TFLite opened and the Personalizer built each time, as the app does). */
    private Personalization[] personalize(PerfDomain d) {
        Personalization[] r = new Personalization[personalizationRuns];
        d.seconds = new double[personalizationRuns];
        d.cpuSeconds = new double[personalizationRuns];
        d.cutSeconds = new double[personalizationRuns];
        d.personalize();
        for (int k = 0; k < personalizationRuns; k++) {
            double cpu0 = Rounds.threadCpuSeconds();
            long t0 = System.nanoTime();
            r[k] = d.personalize();
            d.seconds[k] = (System.nanoTime() - t0) / 1e9;
            d.cpuSeconds[k] = Rounds.threadCpuSeconds() - cpu0;
            d.cutSeconds[k] = d.lastCutSeconds;
            out.printf(Locale.ROOT, "  %s: %.2f s wall, %.2f s CPU, of which the unsure cut %.2f s (%s)%n", d.name, d.seconds[k],
                    d.cpuSeconds[k], d.cutSeconds[k], r[k]);
        }
        return r;
    }

    private void training(PerfTable t) {
        String fig = "Java engine / DL4J training throughput (LeNet-5 GE, " + o.trainThreads + " thread" + (o.trainThreads == 1 ? "" : "s") + ")";
        TrainingBaseline baseline = TrainingBaseline.find();
        if (baseline == null) {
            t.notRun("3", fig, "not run: build with -Pbench (mvn -Pbench package; java -jar experiments/dl4j/target/localexpert-bench.jar bench-perf)", "≥ 1.5");
            return;
        }
        out.println("training throughput (" + baseline.name() + ") ...");
        Dataset digits = TrainingBenchmark.loadDigitsOrSynthetic(out);
        int batches = Math.min(8, digits.size() / o.batch);
        Tensor[] inputs = new Tensor[batches];
        int[][] labels = new int[batches][];
        for (int b = 0; b < batches; b++) {
            inputs[b] = digits.batch(b * o.batch, (b + 1) * o.batch).inputs();
            labels[b] = digits.batch(b * o.batch, (b + 1) * o.batch).labels();
        }
        Model model = HandwritingRecipes.geModel(1);
        model.setThreads(o.trainThreads);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        int[] next = {0};
        Runnable java = () -> {
            int i = next[0]++ % inputs.length;
            model.zeroGrad();
            loss.forward(model.forward(inputs[i], true), labels[i]);
            model.backward(loss.backward());
        };
        Runnable other = baseline.trainingStep(HandwritingRecipes.geModel(1), inputs, labels, o.trainThreads);
        double[] s = trainingRounds.medianSecondsPerCall(java, other);
        double javaSps = o.batch / s[0], otherSps = o.batch / s[1];
        t.atLeast("3", fig, String.format(Locale.ROOT, "%,.0f vs %,.0f samples/s, forward+backward, batch %d, %s; %s; "
                        + "CPU cores busy while timed: %.2f vs %.2f", javaSps, otherSps, o.batch,
                digits.size() >= 512 ? "first MNIST train digits" : "synthetic digits", baseline.name(),
                trainingRounds.coresUsed[0], trainingRounds.coresUsed[1]), javaSps / otherSps, "x", 1.5);
        t.machine("training baseline: " + baseline.name());
    }

    private static void sizes(PerfTable t, PerfDomain d, Mixture m, boolean budget) throws IOException {
        long geParams = d.ge.parameterCount(), geMacs = d.ge.macs();
        t.add("5", "GE size (" + d.name + ")", String.format(Locale.ROOT, "%,d parameters, %,d bytes (.tflite), %,d FLOPs per input",
                geParams, d.geBytes.length, 2 * geMacs), d.geBytes.length, "B", "", null);
        if (m == null) {
            t.notRun("5", "LE+GN share of GE (" + d.name + ")", "not run: " + d.missing, budget ? "≤ 2.50 %" : "");
            return;
        }
        double p = 100.0 * m.parameterShare(), f = 100.0 * m.macShare(), b = 100.0 * (d.mixtureBytes - d.geBytes.length) / d.geBytes.length;
        String measured = String.format(Locale.ROOT, "parameters %,d (%.2f %%), bytes %,d (%.2f %%, mixture .tflite − GE .tflite), FLOPs %,d (%.2f %%)",
                m.overheadParameters(), p, d.mixtureBytes - d.geBytes.length, b, 2 * m.overheadMacs(), f);
        double worst = Math.max(p, Math.max(f, b));
        if (budget) t.atMost("5", "LE+GN share of GE, largest of params/bytes/FLOPs (" + d.name + ")", measured, worst, "%", 2.5);
        else t.add("5", "LE+GN share of GE, largest of params/bytes/FLOPs (" + d.name + ")", measured, worst, "%", "", null);
    }

    /**
     * The APK issue 20 measured before R8, the two-ABI default and stored 16 KB-aligned natives (targetSdk 34, D8 only,
     * three ABIs with TFLite 2.14.0's GPU delegate, natives deflated): the row shows it next to today's parts.
     */
    static final String APK_BEFORE_ISSUE_20 = "before issue 20: 16,152,865 B = dex 3,223,246 · natives 9,190,107 · models 3,011,153 · rest 728,359";

    private void apk(PerfTable t) throws IOException {
        if (o.apk == null || !Files.isRegularFile(o.apk)) {
            t.notRun("5", "APK bytes", "not run: no APK at " + o.apk + " (mvn -B package builds app/target/localexpert-0.1.0.apk)", "");
            return;
        }
        long dex = 0, natives = 0, models = 0;
        try (ZipFile zip = new ZipFile(o.apk.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                long size = e.getCompressedSize();
                String n = e.getName();
                if (n.endsWith(".dex")) dex += size;
                else if (n.startsWith("lib/")) natives += size;
                else if (n.startsWith("assets/models/")) models += size;
            }
        }
        long total = Files.size(o.apk);
        // "rest": resources, manifest, Java resources, and the zip's own headers, alignment padding and signature.
        t.atMost("5", "APK bytes", String.format(Locale.ROOT, "dex %,d · natives %,d · models %,d · rest %,d (bytes in the zip; file %s); %s",
                dex, natives, models, total - dex - natives - models, o.apk, APK_BEFORE_ISSUE_20), total, "B", 10_000_000);
    }

    private static String us(double seconds) {
        return seconds >= 1e-3 ? String.format(Locale.ROOT, "%.2f ms", seconds * 1e3) : String.format(Locale.ROOT, "%.0f µs", seconds * 1e6);
    }

    static String loadAverage() {
        try {
            String[] f = new String(Files.readAllBytes(java.nio.file.Paths.get("/proc/loadavg")), java.nio.charset.StandardCharsets.US_ASCII)
                    .trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}

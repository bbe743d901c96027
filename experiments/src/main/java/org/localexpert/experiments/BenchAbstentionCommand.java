package org.localexpert.experiments;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.localexpert.cli.Args;
import org.localexpert.cli.Command;
import org.localexpert.cli.PlantGeScore;
import org.localexpert.cli.UserError;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.abstain.OutOfDomainImages;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.InferenceOptions;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteFormatException;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.core.train.PlantRecipes;
import org.localexpert.host.HostTfliteEngine;
import org.localexpert.host.ImageIoDecoder;

/**
 * {@code bench-abstention}: calibrates the plant GE's "unsure" threshold on the Daphal + tomato
 * validation splits ({@link ConfidenceThreshold}) and reports, per data set, how much the rule
 * flags against how many correct answers it throws away — and how much of out-of-domain input
 * (MNIST digits, uniform colours, noise) it catches.
 */
public final class BenchAbstentionCommand implements Command {
    private static final String DEFAULT_MODEL = "models/plant/plant-ge.tflite";

    @Override
    public String name() {
        return "bench-abstention";
    }

    @Override
    public String summary() {
        return "calibrate the plant GE's \"unsure\" threshold; flagged vs correct answers lost, in and out of domain";
    }

    @Override
    public String usage() {
        return "usage: localexpert bench-abstention --data DIR [--model " + DEFAULT_MODEL + "] [--target-accuracy 0.99] [--per-kind 200] [--seed 1]\n"
                + "  Calibrates on the validation splits (PlantSplits) of DIR/" + DataLocation.SUGARCANE_DAPHAL + " and DIR/"
                + DataLocation.PLANTVILLAGE_TOMATO + ":\n"
                + "  the smallest top-probability threshold whose answered validation photos are right at least --target-accuracy of the time.\n"
                + "  Out of domain: --per-kind MNIST test digits (DIR/mnist), uniform colours and noise images (seeded).";
    }

    /** Per-example outcome of the rule on one set. */
    private static final class Row {
        final String name;
        int n, correct, unsure, byInput, byConfidenceAlone, correctLost, answered, answeredRight;

        /** Per example: top probability, right or not, refused by the input check. */
        final List<Float> confidence = new ArrayList<>();
        final List<Boolean> right = new ArrayList<>();
        final List<Boolean> inputRefused = new ArrayList<>();

        Row(String name) {
            this.name = name;
        }

        /** {@code right} is null for inputs without a true label (out of domain). */
        void add(AbstentionRule.Decision d, AbstentionRule.Decision confidenceAlone, Boolean right) {
            n++;
            if (confidenceAlone.unsure()) byConfidenceAlone++;
            confidence.add(d.probability());
            this.right.add(right != null && right);
            inputRefused.add(d.verdict() == AbstentionRule.Verdict.NOT_IN_DOMAIN);
            boolean ok = right != null && right;
            if (ok) correct++;
            if (d.unsure()) {
                unsure++;
                if (ok) correctLost++;
            } else {
                answered++;
                if (ok) answeredRight++;
            }
            if (d.verdict() == AbstentionRule.Verdict.NOT_IN_DOMAIN) byInput++;
        }
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        long start = System.nanoTime();
        Path data = Paths.get(args.require("data"));
        Path modelPath = Paths.get(args.get("model", DEFAULT_MODEL));
        double target = args.getDouble("target-accuracy", ConfidenceThreshold.DEFAULT_TARGET_ACCURACY);
        int perKind = args.getInt("per-kind", 200);
        long seed = args.getLong("seed", 1);
        args.rejectUnknown();
        if (!(target > 0 && target <= 1)) throw new UserError("--target-accuracy must be in (0, 1], e.g. 0.99");
        if (perKind < 1) throw new UserError("--per-kind must be at least 1");
        if (!Files.isRegularFile(modelPath)) throw new UserError("no such model file: " + modelPath);
        TfliteModel tflite = TfliteReader.read(modelPath);
        LocalExpertMetadata meta = LocalExpertMetadata.read(tflite);
        int size = PlantGeScore.imageSize(meta, modelPath);
        List<String> labels = meta.labels();

        Dataset daphal, tomato, mnist;
        try {
            daphal = PlantGeScore.load(data, DataLocation.SUGARCANE_DAPHAL, size, out);
            tomato = PlantGeScore.load(data, DataLocation.PLANTVILLAGE_TOMATO, size, out);
            mnist = Mnist.load(data.toFile(), Mnist.Part.TEST);
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
        PlantSplits.Split ds = PlantSplits.daphal(daphal, new ImageIoDecoder()), ts = PlantSplits.tomato(tomato, new ImageIoDecoder());
        Dataset dVal = PlantRecipes.relabel(ds.validation(), labels), tVal = PlantRecipes.relabel(ts.validation(), labels);
        Dataset dTest = PlantRecipes.relabel(ds.test(), labels), tTest = PlantRecipes.relabel(ts.test(), labels);

        try (InferenceEngine engine = open(modelPath, tflite)) {
            out.println("running on " + engine.backend());
            List<float[]> valProbs = new ArrayList<>();
            Dataset val = dVal.concat(tVal);
            for (Example e : val.examples()) valProbs.add(engine.run(e.features())[0]);
            float[] conf = new float[val.size()];
            boolean[] right = new boolean[val.size()];
            for (int i = 0; i < conf.length; i++) {
                int best = argmax(valProbs.get(i));
                conf[i] = valProbs.get(i)[best];
                right[i] = best == val.get(i).label();
            }
            ConfidenceThreshold threshold = ConfidenceThreshold.calibrate(conf, right, target);
            out.println("calibrated on " + val.size() + " validation photos: " + threshold);
            if (!threshold.reachedTarget()) out.println("WARNING: the target accuracy is out of reach for this model on validation");
            AbstentionRule rule = AbstentionRule.forLeafPhotos(threshold);

            List<Row> rows = new ArrayList<>();
            rows.add(score("Daphal validation *", dVal, engine, rule, size));
            rows.add(score("tomato validation *", tVal, engine, rule, size));
            rows.add(score("Daphal test", dTest, engine, rule, size));
            rows.add(score("tomato test", tTest, engine, rule, size));
            rows.add(scoreForeign("MNIST digits " + size + "px", OutOfDomainImages.digits(mnist, perKind, size, seed), engine, rule, size));
            rows.add(scoreForeign("uniform colours", OutOfDomainImages.uniformColours(perKind, size, seed), engine, rule, size));
            rows.add(scoreForeign("random noise", OutOfDomainImages.noise(perKind, size, seed), engine, rule, size));
            print(rows, out);
            sweep(rows.subList(0, 2), rows.subList(2, 4), target, out);
        }
        out.printf(Locale.ROOT, "wall time %.0f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** Real TFLite when its native library loads on this host, else the Java engine (same numbers, slower). */
    private static InferenceEngine open(Path file, TfliteModel tflite) throws Exception {
        try {
            return HostTfliteEngine.open(file, new InferenceOptions().threads(2).xnnpack(true));
        } catch (IOException | TfliteFormatException | RuntimeException | UnsatisfiedLinkError e) {
            return new JavaEngine(ModelImporter.toModel(tflite));
        }
    }

    private static Row score(String name, Dataset d, InferenceEngine engine, AbstentionRule rule, int size) {
        Row row = new Row(name);
        for (Example e : d.examples()) {
            float[] p = engine.run(e.features())[0];
            row.add(rule.decide(e.features(), size, size, 3, p), rule.decide(p), argmax(p) == e.label());
        }
        return row;
    }

    private static Row scoreForeign(String name, List<float[]> images, InferenceEngine engine, AbstentionRule rule, int size) {
        Row row = new Row(name);
        for (float[] img : images) {
            float[] p = engine.run(img)[0];
            row.add(rule.decide(img, size, size, 3, p), rule.decide(p), null);
        }
        return row;
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
        return best;
    }

    private static void print(List<Row> rows, PrintStream out) {
        out.println();
        out.println("set                      n   accuracy  unsure  (input check / confidence alone)  correct answers lost  accuracy answered");
        for (Row r : rows) {
            boolean labelled = r.correct > 0 || r.name.contains("validation") || r.name.contains("test");
            out.printf(Locale.ROOT, "%-20s %5d   %8s  %5.1f %%  (%5.1f %% / %5.1f %%)               %8s              %8s%n",
                    r.name, r.n, labelled ? pct(r.correct, r.n) : "-", 100.0 * r.unsure / r.n, 100.0 * r.byInput / r.n,
                    100.0 * r.byConfidenceAlone / r.n, labelled ? pct(r.correctLost, r.correct) : "-",
                    labelled ? pct(r.answeredRight, r.answered) : "-");
        }
        out.println("* calibration data. \"correct answers lost\": share of the model's right answers the rule turns into \"unsure\";");
        out.println("  \"confidence alone\": share below the threshold whatever the input check says; out-of-domain sets have no right answer.");
    }

    /** The trade-off at other targets: calibrate on {@code val}, measure on {@code test} (both pooled). */
    private static void sweep(List<Row> val, List<Row> test, double chosen, PrintStream out) {
        out.println();
        out.println("other targets (calibrated on the pooled validation splits, measured on the pooled test splits):");
        out.println("target   threshold  val unsure  val right lost  test unsure  test right lost  test accuracy answered");
        float[] vc = confidences(val);
        boolean[] vr = rights(val);
        float[] tc = confidences(test);
        boolean[] tr = rights(test), ti = inputRefused(test);
        for (double target : new double[] {0.90, 0.95, 0.97, 0.98, 0.99, 0.995}) {
            ConfidenceThreshold t = ConfidenceThreshold.calibrate(vc, vr, target);
            int[] v = tally(vc, vr, inputRefused(val), t), te = tally(tc, tr, ti, t);
            out.printf(Locale.ROOT, "%5.1f %%%s   %.4f     %6s      %6s          %6s       %6s           %6s%s%n", 100 * target,
                    Math.abs(target - chosen) < 1e-9 ? "*" : " ", t.value(), pct(v[0], vc.length), pct(v[1], v[2]),
                    pct(te[0], tc.length), pct(te[1], te[2]), pct(te[3], tc.length - te[0]), t.reachedTarget() ? "" : "  (target not reached)");
        }
    }

    /** {unsure, right answers lost, right answers, answered right}. */
    private static int[] tally(float[] conf, boolean[] right, boolean[] inputRefused, ConfidenceThreshold t) {
        int[] c = new int[4];
        for (int i = 0; i < conf.length; i++) {
            boolean unsure = inputRefused[i] || t.isBelow(conf[i]);
            if (unsure) c[0]++;
            if (right[i]) c[2]++;
            if (right[i] && unsure) c[1]++;
            if (right[i] && !unsure) c[3]++;
        }
        return c;
    }

    private static float[] confidences(List<Row> rows) {
        List<Float> all = new ArrayList<>();
        for (Row r : rows) all.addAll(r.confidence);
        float[] a = new float[all.size()];
        for (int i = 0; i < a.length; i++) a[i] = all.get(i);
        return a;
    }

    private static boolean[] rights(List<Row> rows) {
        return flags(rows, false);
    }

    private static boolean[] inputRefused(List<Row> rows) {
        return flags(rows, true);
    }

    private static boolean[] flags(List<Row> rows, boolean input) {
        List<Boolean> all = new ArrayList<>();
        for (Row r : rows) all.addAll(input ? r.inputRefused : r.right);
        boolean[] a = new boolean[all.size()];
        for (int i = 0; i < a.length; i++) a[i] = all.get(i);
        return a;
    }

    private static String pct(int part, int whole) {
        return whole == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }
}

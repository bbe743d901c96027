package org.localexpert.experiments;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingPreprocessor;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.data.OmniglotStrokes;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.FeatureSet;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.moe.MixtureScore;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.tensor.Tensor;

/**
 * New classes on real drawings (issue 17): a user is one SD-1 writer of MNIST train — the digits of
 * their teaching half, as in {@link PersonalizationBench} — who also adds {@value #SYMBOLS} symbols of one
 * Omniglot alphabet, drawn k times each (the same k drawers for every symbol, as one hand would). Held
 * out: the writer's other half and the symbols as drawn by {@value #HELD_OUT_DRAWERS} other drawers (the
 * same ten for every k, so the k's are scored on the same drawings). Generic: the SD-3 digits of MNIST t10k.
 *
 * <p>Whole alphabets are held out: {@link #DESIGN_ALPHABETS} are for choosing anything (recipe, defaults),
 * {@link #EVALUATION_ALPHABETS} are scored once at the end. Latin is a design alphabet because the
 * new-class gate rule was already chosen on Latin drawings (issue 16). Writers split the same way:
 * even positions among the SD-1 writers for design, odd for evaluation.
 *
 * <p>Each run (one seed) draws a writer, an alphabet, its symbols and the drawer order; all k share them.
 * Baseline beside the mixture: the nearest class mean on the GE's features (cosine, means of the taught
 * drawings and digits, 15 classes) — what one would build without training anything.
 */
public final class NewClassBench {
    public static final List<String> DESIGN_ALPHABETS = OmniglotStrokes.DESIGN_ALPHABETS;
    public static final List<String> EVALUATION_ALPHABETS = OmniglotStrokes.EVALUATION_ALPHABETS;
    public static final int SYMBOLS = 5;
    public static final int HELD_OUT_DRAWERS = 10;
    public static final int BOOTSTRAP = 2000;

    /** Which half of the data a run draws from. */
    public enum Part {
        DESIGN, EVALUATION;

        List<String> alphabets() {
            return this == DESIGN ? DESIGN_ALPHABETS : EVALUATION_ALPHABETS;
        }

        boolean hasWriterAt(int position) {
            return (position % 2 == 0) == (this == DESIGN);
        }
    }

    /** One run at one k. */
    public static final class Row {
        public final int run;
        public final int k;
        public final int writer;
        public final String alphabet;
        public final String symbols;
        public final String taughtDrawers;
        public final int symbolsHeld;
        public final int symbolsRight;
        public final int symbolsAsDigits;
        public final int digitsHeld;
        public final int geDigitErrors;
        public final int digitErrors;
        public final double geGeneric;
        public final double generic;
        /** Generic digits the mixture answers with one of the user's symbols. */
        public final int genericAsSymbols;
        public final int ncmSymbolsRight;
        public final int ncmDigitErrors;
        public final double seconds;

        Row(int run, int k, int writer, String alphabet, String symbols, String taughtDrawers, int symbolsHeld, int symbolsRight,
            int symbolsAsDigits, int digitsHeld, int geDigitErrors, int digitErrors, double geGeneric, double generic, int genericAsSymbols, int ncmSymbolsRight,
            int ncmDigitErrors, double seconds) {
            this.run = run;
            this.k = k;
            this.writer = writer;
            this.alphabet = alphabet;
            this.symbols = symbols;
            this.taughtDrawers = taughtDrawers;
            this.symbolsHeld = symbolsHeld;
            this.symbolsRight = symbolsRight;
            this.symbolsAsDigits = symbolsAsDigits;
            this.digitsHeld = digitsHeld;
            this.geDigitErrors = geDigitErrors;
            this.digitErrors = digitErrors;
            this.geGeneric = geGeneric;
            this.generic = generic;
            this.genericAsSymbols = genericAsSymbols;
            this.ncmSymbolsRight = ncmSymbolsRight;
            this.ncmDigitErrors = ncmDigitErrors;
            this.seconds = seconds;
        }
    }

    /** A pooled figure over runs and its bootstrap 95 % interval (runs resampled). */
    public static final class Figure {
        public final double value;
        public final double low;
        public final double high;

        Figure(double value, double low, double high) {
            this.value = value;
            this.low = low;
            this.high = high;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", value, low, high);
        }
    }

    /** All rows of one part and the figures per k. */
    public static final class Report {
        public final Part part;
        public final List<Row> rows;
        private final long seed;

        Report(Part part, List<Row> rows, long seed) {
            this.part = part;
            this.rows = Collections.unmodifiableList(rows);
            this.seed = seed;
        }

        public List<Row> at(int k) {
            List<Row> r = new ArrayList<>();
            for (Row row : rows) if (row.k == k) r.add(row);
            return r;
        }

        /** Held-out symbol drawings the mixture reads right, in %. */
        public Figure newClassAccuracy(int k) {
            return pooled(at(k), r -> r.symbolsRight, r -> r.symbolsHeld);
        }

        /** Held-out symbol drawings the mixture reads as a digit, in %. */
        public Figure readAsDigits(int k) {
            return pooled(at(k), r -> r.symbolsAsDigits, r -> r.symbolsHeld);
        }

        /** The baseline's (nearest class mean) new-class accuracy, in %. */
        public Figure ncmNewClassAccuracy(int k) {
            return pooled(at(k), r -> r.ncmSymbolsRight, r -> r.symbolsHeld);
        }

        /** The GE's error on the writers' held-out digits, in %. */
        public Figure geDigitError(int k) {
            return pooled(at(k), r -> r.geDigitErrors, r -> r.digitsHeld);
        }

        /** The mixture's error on the writers' held-out digits, in %. */
        public Figure digitError(int k) {
            return pooled(at(k), r -> r.digitErrors, r -> r.digitsHeld);
        }

        /** The baseline's error on the held-out digits, in %. */
        public Figure ncmDigitError(int k) {
            return pooled(at(k), r -> r.ncmDigitErrors, r -> r.digitsHeld);
        }

        /** Mixture − GE error on the held-out digits, in points (negative = fewer errors). */
        public Figure digitErrorChange(int k) {
            return pooled(at(k), r -> r.digitErrors - r.geDigitErrors, r -> r.digitsHeld);
        }

        /** Mean generic-digit accuracy drop (GE − mixture), in points. */
        public Figure genericDrop(int k) {
            return pooled(at(k), r -> r.geGeneric - r.generic, r -> 1);
        }

        /** sum(num) / sum(den) × 100 over the runs, with a percentile bootstrap over the runs. */
        private Figure pooled(List<Row> rs, ToDoubleFunction<Row> num, ToDoubleFunction<Row> den) {
            int n = rs.size();
            double[] a = new double[n], b = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = num.applyAsDouble(rs.get(i));
                b[i] = den.applyAsDouble(rs.get(i));
            }
            double value = 100 * sum(a) / sum(b);
            double[] boot = new double[BOOTSTRAP];
            Random rng = new Random(seed ^ 0xB007);
            for (int s = 0; s < BOOTSTRAP; s++) {
                double x = 0, y = 0;
                for (int i = 0; i < n; i++) {
                    int j = rng.nextInt(n);
                    x += a[j];
                    y += b[j];
                }
                boot[s] = 100 * x / y;
            }
            Arrays.sort(boot);
            return new Figure(value, boot[(int) (0.025 * BOOTSTRAP)], boot[(int) (0.975 * BOOTSTRAP) - 1]);
        }

        private static double sum(double[] v) {
            double s = 0;
            for (double x : v) s += x;
            return s;
        }

        /** One line per k: the headline figures, each with its interval, the baseline beside the mixture. */
        public String summaryLine(int k) {
            return String.format(Locale.ROOT,
                    "SUMMARY %s k=%d runs=%d new-class acc mixture %s %% [target >= 90] vs nearest-class-mean %s %%; read as digits %s %%; "
                            + "digit error GE %s %% mixture %s %% change %s pts [<= +0.2] (nearest-class-mean %s %%); generic drop %s pts",
                    part.name().toLowerCase(Locale.ROOT), k, at(k).size(), newClassAccuracy(k), ncmNewClassAccuracy(k), readAsDigits(k),
                    geDigitError(k), digitError(k), digitErrorChange(k), ncmDigitError(k), genericDrop(k));
        }

        public void writeCsv(Path file) throws IOException {
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("part,run,k,writer,alphabet,symbols,taught_drawers,symbols_held,symbols_right,symbols_as_digits,ncm_symbols_right,"
                        + "digits_held,ge_digit_errors,mixture_digit_errors,ncm_digit_errors,ge_generic_pct,mixture_generic_pct,generic_as_symbols,seconds\n");
                for (Row r : rows) {
                    w.write(String.format(Locale.ROOT, "%s,%d,%d,%d,%s,%s,%s,%d,%d,%d,%d,%d,%d,%d,%d,%.3f,%.3f,%d,%.3f%n",
                            part.name().toLowerCase(Locale.ROOT), r.run, r.k, r.writer, r.alphabet, r.symbols, r.taughtDrawers, r.symbolsHeld,
                            r.symbolsRight, r.symbolsAsDigits, r.ncmSymbolsRight, r.digitsHeld, r.geDigitErrors, r.digitErrors, r.ncmDigitErrors,
                            100 * r.geGeneric, 100 * r.generic, r.genericAsSymbols, r.seconds));
                }
            }
        }
    }

    private NewClassBench() {
    }

    /**
     * {@code runs} runs (seeds {@code seed}, {@code seed + 1}, ...) of {@code part}, each personalized at every k
     * of {@code ks}; {@code options} is the recipe (its seed is replaced by the run's). One table row per run and k.
     */
    public static Report run(Part part, File omniglot, Dataset mnistTrain, Dataset mnistTest, GlobalExpert ge, Dataset replay,
                             PersonalizationOptions options, int[] ks, int runs, long seed, PrintStream out) {
        for (int k : ks) {
            if (k < 1 || k > OmniglotStrokes.DRAWERS - HELD_OUT_DRAWERS) {
                throw new IllegalArgumentException("k must be 1.." + (OmniglotStrokes.DRAWERS - HELD_OUT_DRAWERS) + ", got " + k);
            }
        }
        List<HandwritingSplits.UserSplit> writers = new ArrayList<>();
        List<HandwritingSplits.UserSplit> all = HandwritingSplits.users(mnistTrain);
        for (int i = 0; i < all.size(); i++) if (part.hasWriterAt(i)) writers.add(all.get(i));
        // GE features of the generic digits do not depend on the user: computed once, through a personalizer
        // with the run's recipe (the same GE and threads).
        Personalizer common = new Personalizer(Domain.HANDWRITING, ge, replay, options);
        FeatureSet genericFs = common.features(HandwritingSplits.genericTest(mnistTest), ge.labels());
        int geGenericErrors = 0;
        for (int i = 0; i < genericFs.size(); i++) if (genericFs.gePrediction(i) != genericFs.label(i)) geGenericErrors++;
        double geGeneric = 1 - geGenericErrors / (double) genericFs.size();
        out.printf(Locale.ROOT, "%s part: alphabets %s, %d writers; %d runs x k = %s; %d symbols each, %d held-out drawers; GE generic %.2f %%%n",
                part.name().toLowerCase(Locale.ROOT), part.alphabets(), writers.size(), runs, Arrays.toString(ks), SYMBOLS, HELD_OUT_DRAWERS,
                100 * geGeneric);
        out.printf(Locale.ROOT, "%4s %3s %6s %-20s %9s %9s %9s %9s %9s %8s %6s %7s%n", "run", "k", "writer", "alphabet", "new acc", "as digit", "NCM new",
                "GE dig e", "MoE dig e", "generic", "as sym", "time s");
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            // Rng.mix: java.util.Random's first draws from adjacent seeds are nearly equal (the same few writers).
            Random rng = new Random(org.localexpert.core.train.Rng.mix(seed, r));
            HandwritingSplits.UserSplit writer = writers.get(rng.nextInt(writers.size()));
            String alphabet = part.alphabets().get(rng.nextInt(part.alphabets().size()));
            List<String> chars = new ArrayList<>(OmniglotStrokes.characters(omniglot, alphabet));
            Collections.shuffle(chars, rng);
            List<String> symbols = chars.subList(0, SYMBOLS);
            List<Integer> drawers = new ArrayList<>();
            for (int d = 1; d <= OmniglotStrokes.DRAWERS; d++) drawers.add(d);
            Collections.shuffle(drawers, rng);
            List<Integer> heldDrawers = drawers.subList(OmniglotStrokes.DRAWERS - HELD_OUT_DRAWERS, OmniglotStrokes.DRAWERS);

            List<String> labels = new ArrayList<>(ge.labels());
            for (String s : symbols) labels.add(alphabet + "-" + s);
            Dataset heldSymbols = symbols(omniglot, alphabet, symbols, heldDrawers, labels);
            for (int k : ks) {
                Personalizer p = new Personalizer(Domain.HANDWRITING, ge, replay, options.toBuilder().seed(seed + r).build());
                Dataset taughtSymbols = symbols(omniglot, alphabet, symbols, drawers.subList(0, k), labels);
                Dataset user = relabel(writer.personalization(), labels).concat(taughtSymbols);
                Personalization result = p.personalize(user);
                Mixture m = result.mixture();
                FeatureSet symFs = p.features(heldSymbols, m.labels());
                FeatureSet digitFs = p.features(writer.heldOut(), m.labels());
                int[] symAnswers = answers(m, symFs);
                int right = 0, asDigit = 0;
                for (int i = 0; i < symFs.size(); i++) {
                    if (symAnswers[i] == symFs.label(i)) right++;
                    if (symAnswers[i] < ge.numClasses()) asDigit++;
                }
                MixtureScore digits = MixtureScore.of(m, digitFs);
                MixtureScore generic = MixtureScore.of(m, genericFs);
                int genericAsSymbols = 0;
                for (int a : answers(m, genericFs)) if (a >= ge.numClasses()) genericAsSymbols++;
                NearestMean ncm = new NearestMean(p.features(user, m.labels()), m.labels().size());
                int ncmRight = 0, ncmDigitErrors = 0;
                int[] symPred = ncm.predict(symFs), digitPred = ncm.predict(digitFs);
                for (int i = 0; i < symFs.size(); i++) if (symPred[i] == symFs.label(i)) ncmRight++;
                for (int i = 0; i < digitFs.size(); i++) if (digitPred[i] != digitFs.label(i)) ncmDigitErrors++;
                Row row = new Row(r, k, writer.writerId(), alphabet, String.join(" ", symbols), drawers.subList(0, k).toString().replace(",", ""),
                        symFs.size(), right, asDigit, digits.samples, digits.geErrors, digits.errors, geGeneric, generic.accuracy(), genericAsSymbols, ncmRight,
                        ncmDigitErrors, result.totalSeconds());
                rows.add(row);
                out.printf(Locale.ROOT, "%4d %3d %6d %-20s %8.1f%% %8.1f%% %8.1f%% %8.2f%% %8.2f%% %7.2f%% %6d %7.2f%n", r, k, row.writer, alphabet,
                        100.0 * right / row.symbolsHeld, 100.0 * asDigit / row.symbolsHeld, 100.0 * ncmRight / row.symbolsHeld,
                        100.0 * row.geDigitErrors / row.digitsHeld, 100.0 * row.digitErrors / row.digitsHeld, 100 * row.generic, genericAsSymbols, row.seconds);
            }
        }
        Report report = new Report(part, rows, seed);
        out.println();
        for (int k : ks) out.println(report.summaryLine(k));
        return report;
    }

    /** The mixture's answer per row. */
    private static int[] answers(Mixture m, FeatureSet fs) {
        Tensor[] outs = m.runHead(fs);
        float[] p = outs[Mixture.PROBABILITIES].data();
        int k = m.labels().size();
        int[] a = new int[fs.size()];
        for (int i = 0; i < a.length; i++) a[i] = FeatureSet.argmax(p, i * k, k);
        return a;
    }

    /** The drawings of {@code symbols} by {@code drawers}, rendered through the app's canvas path, labelled in {@code labels}. */
    static Dataset symbols(File omniglot, String alphabet, List<String> symbols, List<Integer> drawers, List<String> labels) {
        List<Example> ex = new ArrayList<>();
        for (String s : symbols) {
            int label = labels.indexOf(alphabet + "-" + s);
            for (int d : drawers) {
                ex.add(new Example(OmniglotStrokes.render(omniglot, alphabet, s, d), HandwritingPreprocessor.SHAPE, label,
                        alphabet + "/" + s + "/" + d));
            }
        }
        return new Dataset(ex, labels, HandwritingPreprocessor.SHAPE);
    }

    /** The same digits under a longer label list (digits keep their indices, which lead it). */
    private static Dataset relabel(Dataset digits, List<String> labels) {
        if (!labels.subList(0, digits.labelNames().size()).equals(digits.labelNames())) {
            throw new IllegalArgumentException("labels " + labels + " do not start with " + digits.labelNames());
        }
        return new Dataset(digits.examples(), labels, digits.shape());
    }

    /** The baseline: cosine nearest class mean on GE features of the taught (original) samples. */
    static final class NearestMean {
        private final float[][] means;

        NearestMean(FeatureSet taught, int classes) {
            int f = taught.featureSize();
            float[] x = taught.features();
            means = new float[classes][f];
            for (int i = 0; i < taught.size(); i++) {
                float[] u = unit(x, i * f, f);
                for (int j = 0; j < f; j++) means[taught.label(i)][j] += u[j];
            }
            for (int c = 0; c < classes; c++) means[c] = unit(means[c], 0, f);
        }

        /** The nearest class of each row of {@code fs}. */
        int[] predict(FeatureSet fs) {
            int f = fs.featureSize();
            float[] x = fs.features();
            int[] predicted = new int[fs.size()];
            for (int i = 0; i < predicted.length; i++) {
                int best = -1;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < means.length; c++) {
                    double s = 0;
                    for (int j = 0; j < f; j++) s += means[c][j] * x[i * f + j];
                    if (s > bestScore) {
                        bestScore = s;
                        best = c;
                    }
                }
                predicted[i] = best;
            }
            return predicted;
        }

        private static float[] unit(float[] v, int from, int f) {
            double n = 0;
            for (int j = 0; j < f; j++) n += v[from + j] * v[from + j];
            float inv = n > 0 ? (float) (1 / Math.sqrt(n)) : 0f;
            float[] u = new float[f];
            for (int j = 0; j < f; j++) u[j] = v[from + j] * inv;
            return u;
        }
    }
}

package org.localexpert.core.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.localexpert.core.tensor.Tensor;

/**
 * How well a classifier did on a labelled set: accuracy, per-class precision/recall/F1, the
 * confusion matrix, expected calibration error and mean log-loss. Built from class probabilities
 * with {@link #builder}; printed with {@link #report()} or serialized with {@link #toJson()}.
 */
public final class Evaluation {
    private final List<String> labels;
    private final ConfusionMatrix confusion;
    private final Calibration calibration;
    private final double logLossSum;

    private Evaluation(List<String> labels, ConfusionMatrix confusion, Calibration calibration, double logLossSum) {
        this.labels = labels;
        this.confusion = confusion;
        this.calibration = calibration;
        this.logLossSum = logLossSum;
    }

    /** Starts collecting predictions for classes named {@code labels} (index = class id). */
    public static Builder builder(List<String> labels) {
        return new Builder(labels);
    }

    /** Same, with classes named "0", "1", ... */
    public static Builder builder(int numClasses) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < numClasses; i++) names.add(Integer.toString(i));
        return new Builder(names);
    }

    public List<String> labels() {
        return labels;
    }

    public long samples() {
        return confusion.total();
    }

    /** In [0, 1]. */
    public double accuracy() {
        return confusion.accuracy();
    }

    public ConfusionMatrix confusion() {
        return confusion;
    }

    public Calibration calibration() {
        return calibration;
    }

    public double expectedCalibrationError() {
        return calibration.expectedCalibrationError();
    }

    /** Mean negative log-probability of the true class (cross-entropy), probabilities clamped at 1e-12. */
    public double logLoss() {
        long n = samples();
        return n == 0 ? 0 : logLossSum / n;
    }

    public double macroF1() {
        return confusion.macroF1();
    }

    /** A human-readable report: summary line, per-class table, confusion matrix. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "samples %d   accuracy %.2f %%   macro F1 %.4f (over the %d classes present)   ECE(%d bins) %.4f   log-loss %.4f%n",
                samples(), 100 * accuracy(), macroF1(), confusion.presentClasses(), calibration.bins(), expectedCalibrationError(), logLoss()));
        int w = 5;
        for (String l : labels) w = Math.max(w, l.length());
        sb.append(String.format(Locale.ROOT, "%-" + w + "s  %9s  %9s  %9s  %8s%n", "class", "precision", "recall", "F1", "support"));
        for (int c = 0; c < labels.size(); c++) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s  %9.4f  %9.4f  %9.4f  %8d%n", labels.get(c),
                    confusion.precision(c), confusion.recall(c), confusion.f1(c), confusion.support(c)));
        }
        sb.append("confusion matrix (rows: true class, columns: predicted)\n");
        int cw = 4;
        for (int a = 0; a < labels.size(); a++) {
            for (int p = 0; p < labels.size(); p++) cw = Math.max(cw, Long.toString(confusion.count(a, p)).length() + 1);
        }
        for (String l : labels) cw = Math.max(cw, Math.min(l.length(), 8) + 1);
        sb.append(String.format(Locale.ROOT, "%-" + w + "s", ""));
        for (String l : labels) sb.append(String.format(Locale.ROOT, "%" + cw + "s", shorten(l, cw - 1)));
        sb.append('\n');
        for (int a = 0; a < labels.size(); a++) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s", labels.get(a)));
            for (int p = 0; p < labels.size(); p++) sb.append(String.format(Locale.ROOT, "%" + cw + "d", confusion.count(a, p)));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /**
     * The same figures as JSON: top-level {@code samples}, {@code accuracy} (in [0, 1]),
     * {@code macroF1}, {@code ece}, {@code logLoss}, {@code labels}, {@code perClass} (label,
     * precision, recall, f1, support), {@code confusion} (rows = true class) and
     * {@code reliability} (per bin: count, accuracy, confidence).
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"samples\":").append(samples());
        sb.append(",\"accuracy\":").append(num(accuracy()));
        sb.append(",\"macroF1\":").append(num(macroF1()));
        sb.append(",\"ece\":").append(num(expectedCalibrationError()));
        sb.append(",\"logLoss\":").append(num(logLoss()));
        sb.append(",\"labels\":[");
        for (int c = 0; c < labels.size(); c++) sb.append(c == 0 ? "" : ",").append(quote(labels.get(c)));
        sb.append("],\"perClass\":[");
        for (int c = 0; c < labels.size(); c++) {
            sb.append(c == 0 ? "" : ",").append("{\"label\":").append(quote(labels.get(c)))
                    .append(",\"precision\":").append(num(confusion.precision(c)))
                    .append(",\"recall\":").append(num(confusion.recall(c)))
                    .append(",\"f1\":").append(num(confusion.f1(c)))
                    .append(",\"support\":").append(confusion.support(c)).append('}');
        }
        sb.append("],\"confusion\":[");
        for (int a = 0; a < labels.size(); a++) {
            sb.append(a == 0 ? "[" : ",[");
            for (int p = 0; p < labels.size(); p++) sb.append(p == 0 ? "" : ",").append(confusion.count(a, p));
            sb.append(']');
        }
        sb.append("],\"reliability\":[");
        for (int b = 0; b < calibration.bins(); b++) {
            sb.append(b == 0 ? "" : ",").append("{\"count\":").append(calibration.count(b))
                    .append(",\"accuracy\":").append(num(calibration.accuracy(b)))
                    .append(",\"confidence\":").append(num(calibration.meanConfidence(b))).append('}');
        }
        return sb.append("]}").toString();
    }

    private static String num(double v) {
        // JSON has no NaN/Infinity; every figure here is finite by construction.
        return String.format(Locale.ROOT, "%.6f", v);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (ch < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    else sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }

    /** Collects predictions one sample or one batch at a time. */
    public static final class Builder {
        private final List<String> labels;
        private final ConfusionMatrix confusion;
        private final Calibration calibration = new Calibration(Calibration.DEFAULT_BINS);
        private double logLossSum;
        private boolean built;

        private Builder(List<String> labels) {
            if (labels.isEmpty()) throw new IllegalArgumentException("an evaluation needs at least one class");
            this.labels = Collections.unmodifiableList(new ArrayList<>(labels));
            this.confusion = new ConfusionMatrix(labels.size());
        }

        /**
         * One sample: its true class and the class probabilities at {@code probs[offset ..
         * offset + numClasses)}. The prediction is the most probable class (lowest index on ties).
         */
        public Builder add(int label, float[] probs, int offset) {
            checkOpen();
            int k = labels.size();
            if (offset < 0 || offset + k > probs.length) {
                throw new IllegalArgumentException("probabilities for " + k + " classes at offset " + offset
                        + " do not fit in an array of " + probs.length);
            }
            if (label < 0 || label >= k) throw new IllegalArgumentException("label " + label + " is outside 0.." + (k - 1));
            int best = 0;
            float bestP = probs[offset];
            for (int c = 1; c < k; c++) {
                if (probs[offset + c] > bestP) {
                    bestP = probs[offset + c];
                    best = c;
                }
            }
            if (Float.isNaN(bestP)) throw new IllegalArgumentException("probabilities contain NaN");
            confusion.add(label, best);
            calibration.add(bestP, best == label);
            logLossSum -= Math.log(Math.max(probs[offset + label], 1e-12));
            return this;
        }

        /** The first {@code count} rows of a [N, numClasses] probability tensor with their labels. */
        public Builder addBatch(Tensor probs, int[] labels, int count) {
            probs.requireRank("class probabilities", 2);
            if (probs.dim(1) != this.labels.size()) {
                throw new IllegalArgumentException("probabilities have " + probs.dim(1) + " classes but the evaluation has "
                        + this.labels.size() + " " + Arrays.toString(probs.shape()));
            }
            if (count > probs.dim(0) || count > labels.length) {
                throw new IllegalArgumentException("batch of " + count + " but only " + probs.dim(0)
                        + " rows and " + labels.length + " labels");
            }
            int k = this.labels.size();
            for (int i = 0; i < count; i++) add(labels[i], probs.data(), i * k);
            return this;
        }

        /** The result; the builder is finished afterwards (it hands over its counts instead of copying them). */
        public Evaluation build() {
            checkOpen();
            built = true;
            return new Evaluation(labels, confusion, calibration, logLossSum);
        }

        private void checkOpen() {
            if (built) throw new IllegalStateException("this evaluation was already built; start a new builder");
        }
    }
}

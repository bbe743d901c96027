package org.localexpert.core.eval;

/**
 * Counts of (true class, predicted class) pairs and the per-class figures derived from them.
 *
 * <p>Convention for empty denominators (as scikit-learn's {@code zero_division=0}): precision of a
 * class never predicted, recall of a class absent from the data, and F1 when both are 0 are all 0,
 * never NaN. The macro F1 averages over the classes present in the data only (scikit-learn's
 * {@code labels=} the true labels): a 5-class folder scored by the 15-class plant GE must not be
 * averaged with ten zeros for classes it has no photos of (it read 0.32 for a model right on 97 %).
 * A present class that is never predicted still counts as 0; a predicted absent class's false
 * positives still lower the recall of the classes they came from.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    public ConfusionMatrix(int numClasses) {
        if (numClasses < 1) throw new IllegalArgumentException("need at least one class, got " + numClasses);
        counts = new long[numClasses][numClasses];
    }

    public void add(int actual, int predicted) {
        checkClass("true class", actual);
        checkClass("predicted class", predicted);
        counts[actual][predicted]++;
    }

    private void checkClass(String what, int c) {
        if (c < 0 || c >= counts.length) {
            throw new IllegalArgumentException(what + " " + c + " is outside 0.." + (counts.length - 1));
        }
    }

    public int numClasses() {
        return counts.length;
    }

    /** How many samples of class {@code actual} were predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    public long total() {
        long n = 0;
        for (long[] row : counts) for (long c : row) n += c;
        return n;
    }

    public long correct() {
        long n = 0;
        for (int i = 0; i < counts.length; i++) n += counts[i][i];
        return n;
    }

    /** Share of samples predicted right, in [0, 1]; 0 for an empty matrix. */
    public double accuracy() {
        long n = total();
        return n == 0 ? 0 : (double) correct() / n;
    }

    /** Number of samples whose true class is {@code c}. */
    public long support(int c) {
        long n = 0;
        for (long v : counts[c]) n += v;
        return n;
    }

    /** Number of samples predicted as {@code c}. */
    public long predicted(int c) {
        long n = 0;
        for (long[] row : counts) n += row[c];
        return n;
    }

    public double precision(int c) {
        long p = predicted(c);
        return p == 0 ? 0 : (double) counts[c][c] / p;
    }

    public double recall(int c) {
        long s = support(c);
        return s == 0 ? 0 : (double) counts[c][c] / s;
    }

    public double f1(int c) {
        // 2TP / (2TP + FP + FN): the same as 2PR/(P+R) but exact when either is 0.
        long tp = counts[c][c];
        long denominator = predicted(c) + support(c);
        return denominator == 0 ? 0 : 2.0 * tp / denominator;
    }

    /** Unweighted mean of the per-class F1 over the classes present in the data; 0 for an empty matrix. */
    public double macroF1() {
        double sum = 0;
        int present = presentClasses();
        for (int c = 0; c < counts.length; c++) if (support(c) > 0) sum += f1(c);
        return present == 0 ? 0 : sum / present;
    }

    /** Number of classes with at least one sample in the data: what {@link #macroF1} averages over. */
    public int presentClasses() {
        int present = 0;
        for (int c = 0; c < counts.length; c++) if (support(c) > 0) present++;
        return present;
    }
}

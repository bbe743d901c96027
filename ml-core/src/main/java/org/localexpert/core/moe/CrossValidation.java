package org.localexpert.core.moe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Before/after estimate from the user's own samples alone: k stratified folds; each fold is
 * predicted by the GE and by a mixture trained on the other folds. What {@code personalize}
 * prints, and how the design was chosen without touching the benchmark's held-out halves.
 */
public final class CrossValidation {
    public final int folds;
    public final int samples;
    public final int geErrors;
    public final int mixtureErrors;
    public final int routedToLe;
    /** Each user sample's top probability under the mixture trained without its fold (NaN if its fold could not be trained). */
    public final float[] outOfFoldTop;
    /** Each user sample's class index, beside {@link #outOfFoldTop}. */
    public final int[] labels;

    CrossValidation(int folds, int geErrors, int mixtureErrors, int routedToLe, float[] outOfFoldTop, int[] labels) {
        if (outOfFoldTop.length != labels.length) {
            throw new IllegalArgumentException(outOfFoldTop.length + " out-of-fold probabilities but " + labels.length + " labels");
        }
        this.folds = folds;
        this.samples = labels.length;
        this.geErrors = geErrors;
        this.mixtureErrors = mixtureErrors;
        this.routedToLe = routedToLe;
        this.outOfFoldTop = outOfFoldTop;
        this.labels = labels;
    }

    public double geAccuracy() {
        return 1 - geErrors / (double) samples;
    }

    public double mixtureAccuracy() {
        return 1 - mixtureErrors / (double) samples;
    }

    /** Fold index of each sample: within each class, a seeded shuffle dealt round-robin. */
    public static int[] foldOf(FeatureSet fs, int classes, int folds, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < fs.size(); i++) byClass.get(fs.label(i)).add(i);
        int[] fold = new int[fs.size()];
        Random rng = new Random(seed);
        int deal = 0;
        for (List<Integer> members : byClass) {
            java.util.Collections.shuffle(members, rng);
            // continue the deal across classes so small classes do not all land in fold 0
            for (int m : members) fold[m] = deal++ % folds;
        }
        return fold;
    }

    /**
     * Fold index of each sample in contiguous blocks of the samples' order: a user's later samples
     * are predicted from mostly earlier ones, as on the phone, where the model trained today reads
     * what the user writes tomorrow (random folds mix the two and flatter the LE when a hand drifts).
     */
    public static int[] contiguousFoldOf(int n, int folds) {
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) fold[i] = (int) ((long) i * folds / n);
        return fold;
    }

    /** Runs the k-fold estimate of {@code personalizer} on features {@code user} (labels in {@code union}). */
    public static CrossValidation run(Personalizer personalizer, Personalizer.UserFeatures uf, int folds, long seed) {
        return run(personalizer, uf, foldOf(uf.originals(), uf.union.size(), folds, seed), folds);
    }

    /** As {@link #run(Personalizer, Personalizer.UserFeatures, int, long)} with the folds given ({@code fold[i]} in 0..folds-1). */
    public static CrossValidation run(Personalizer personalizer, Personalizer.UserFeatures uf, int[] fold, int folds) {
        FeatureSet user = uf.originals();
        int ge = 0, mix = 0, toLe = 0;
        float[] top = new float[user.size()];
        java.util.Arrays.fill(top, Float.NaN);
        for (int f = 0; f < folds; f++) {
            List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
            for (int i = 0; i < fold.length; i++) (fold[i] == f ? test : train).add(i);
            if (test.isEmpty() || train.isEmpty()) continue;
            // The whole personalization, guard included, on the other folds: the estimate covers what ships.
            Mixture m = personalizer.train(uf.subset(toArray(train))).mixture();
            int[] testRows = toArray(test);
            MixtureScore s = MixtureScore.of(m, user.subset(testRows, null));
            for (int j = 0; j < testRows.length; j++) top[testRows[j]] = s.top[j];
            ge += s.geErrors;
            mix += s.errors;
            toLe += s.routedToLe;
        }
        return new CrossValidation(folds, ge, mix, toLe, top, user.labels());
    }

    /** {@code list} as an array (fold members as indices). */
    public static int[] toArray(List<Integer> list) {
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) a[i] = list.get(i);
        return a;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d-fold cross-validation on %d samples: GE %.1f %% → mixture %.1f %% (gate → LE on %.0f %%)",
                folds, samples, 100 * geAccuracy(), 100 * mixtureAccuracy(), 100.0 * routedToLe / samples);
    }
}

package org.localexpert.core.abstain;

import java.util.Arrays;
import java.util.Locale;
import org.localexpert.core.tflite.LocalExpertMetadata;

/**
 * "Has the model seen anything like this?": the cosine similarity between an input's GE features and
 * the nearest vector of a reference bank, and the cut below which the input counts as unfamiliar.
 *
 * <p>Why this and not only the top probability: a softmax must spread its mass over the classes it
 * knows, so a drawing of no known character (an Omniglot symbol) or a photo of no known crop (a potato
 * leaf) is often answered with high confidence. Its features, though, lie far from every example the
 * GE was trained on. Measured on design data only (issue 18), nearness to a bank adds the most to the
 * top probability among the post-hoc scores tried (Mahalanobis, energy, max logit, a logistic head).
 *
 * <p>The bank is the GE's features of the replay sample ({@code replay-features.bin}, already on the
 * phone beside the GE), and after personalization also the features of the user's taught samples, so
 * that a class the user added is familiar by construction. Vectors are stored unit-length so a
 * similarity is one dot product per bank row (300 x 500 floats for handwriting: ~0.15 M multiply-adds,
 * 7 % of the GE itself).
 *
 * <p>The cut is stored in the model file's metadata ({@value #KEY_VALUE}), beside the confidence
 * threshold, and chosen on in-domain validation data (the similarity below which a fixed small share of
 * validation inputs falls), never on the unknowns it is meant to catch.
 */
public final class Familiarity {
    public static final String KEY_VALUE = "unfamiliar_below";
    public static final String KEY_DERIVATION = "unfamiliar_below_derivation";

    private final float threshold;
    private final String derivation;
    private final float[] bank;
    private final int featureSize;
    private final int rows;

    /**
     * @param threshold cosine similarity in [-1, 1] below which an input is unfamiliar
     * @param bankRows reference features, {@code featureSize} floats per row (copied and normalised)
     */
    public Familiarity(float threshold, String derivation, float[] bankRows, int featureSize) {
        if (!(threshold >= -1f && threshold <= 1f)) throw new IllegalArgumentException("a cosine similarity cut must be in [-1, 1], got " + threshold);
        if (featureSize <= 0 || bankRows == null || bankRows.length == 0 || bankRows.length % featureSize != 0) {
            throw new IllegalArgumentException("the reference bank must hold whole rows of " + featureSize + " features");
        }
        this.threshold = threshold;
        this.derivation = derivation == null ? "" : derivation;
        this.featureSize = featureSize;
        this.rows = bankRows.length / featureSize;
        this.bank = bankRows.clone();
        for (int r = 0; r < rows; r++) normalise(bank, r * featureSize, featureSize);
    }

    /** The cut in {@code meta} with {@code bankRows} as its reference, or null when the metadata has no cut. */
    public static Familiarity fromMetadata(LocalExpertMetadata meta, float[] bankRows, int featureSize) {
        if (meta == null || !meta.properties().containsKey(KEY_VALUE)) return null;
        String v = meta.properties().get(KEY_VALUE);
        float t;
        try {
            t = Float.parseFloat(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the model's metadata has an unusable " + KEY_VALUE + " '" + v + "'", e);
        }
        String how = meta.properties().get(KEY_DERIVATION);
        return new Familiarity(t, how == null ? "from the model's metadata" : how, bankRows, featureSize);
    }

    /** True when {@code meta} carries a familiarity cut (the rule then needs the GE's features and a bank). */
    public static boolean inMetadata(LocalExpertMetadata meta) {
        return meta != null && meta.properties().containsKey(KEY_VALUE);
    }

    /**
     * The threshold such that {@code share} of the in-domain {@code similarities} fall below it (the
     * lower {@code share}-quantile): the cut that flags that share of validation inputs.
     */
    public static float cutFlagging(float[] similarities, double share) {
        if (similarities.length == 0) throw new IllegalArgumentException("no validation similarities");
        if (!(share >= 0 && share < 1)) throw new IllegalArgumentException("share must be in [0, 1), got " + share);
        float[] s = similarities.clone();
        Arrays.sort(s);
        // Flag exactly floor(share * n) inputs: those strictly below s[k].
        return s[(int) Math.floor(share * s.length)];
    }

    /** The same cut with {@code extraRows} (e.g. the user's taught samples) added to the bank. */
    public Familiarity withBankRows(float[] extraRows, String why) {
        if (extraRows == null || extraRows.length == 0) return this;
        float[] all = Arrays.copyOf(bank, bank.length + extraRows.length);
        System.arraycopy(extraRows, 0, all, bank.length, extraRows.length);
        return new Familiarity(threshold, derivation + "; bank + " + why, all, featureSize);
    }

    /** The highest cosine similarity between {@code features} and a bank row. */
    public float similarity(float[] features) {
        if (features.length != featureSize) throw new IllegalArgumentException("expected " + featureSize + " features, got " + features.length);
        float[] f = features.clone();
        normalise(f, 0, featureSize);
        float best = -1f;
        for (int r = 0; r < rows; r++) {
            float dot = 0f;
            int o = r * featureSize;
            for (int j = 0; j < featureSize; j++) dot += f[j] * bank[o + j];
            if (dot > best) best = dot;
        }
        return best;
    }

    /** True when an input whose nearest bank similarity is {@code similarity} is too unlike the bank to answer. */
    public boolean isUnfamiliar(float similarity) {
        return !(similarity >= threshold);
    }

    /** Records the cut and its derivation in {@code meta}'s properties (the bank stays in its own file). */
    public LocalExpertMetadata writeTo(LocalExpertMetadata meta) {
        return meta.property(KEY_VALUE, String.format(Locale.ROOT, "%.6f", threshold)).property(KEY_DERIVATION, derivation);
    }

    public float threshold() { return threshold; }

    public String derivation() { return derivation; }

    public int featureSize() { return featureSize; }

    /** How many reference vectors the bank holds. */
    public int bankSize() { return rows; }

    private static void normalise(float[] v, int from, int n) {
        double s = 0;
        for (int j = from; j < from + n; j++) s += (double) v[j] * v[j];
        // An all-zero vector (every ReLU off) stays zero: similarity 0 to everything, i.e. unfamiliar under any positive cut.
        if (s == 0) return;
        float inv = (float) (1 / Math.sqrt(s));
        for (int j = from; j < from + n; j++) v[j] *= inv;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "unfamiliar below cosine %.4f to %d reference inputs (%s)", threshold, rows, derivation);
    }
}

package org.localexpert.core.abstain;

import java.util.Arrays;
import java.util.Locale;
import org.localexpert.core.tflite.LocalExpertMetadata;

/**
 * The cut on the model's top probability below which it answers "unsure", and how it was derived.
 *
 * <p>Calibration rule: the smallest threshold such that, on the validation examples whose top
 * probability reaches it, accuracy is at least a target (default {@value #DEFAULT_TARGET_ACCURACY}).
 * Why this rule and not "flag a fixed X % of validation": the promise to a farmer is about the answers
 * the app does give ("when it answers, it is right 99 times in 100"); the share flagged then follows
 * from the model's quality instead of being fixed in advance. Taking the smallest such threshold
 * keeps as many answers as the target allows. Accuracy above a threshold is not monotone in the
 * threshold, so the rule scans every candidate (each distinct validation confidence) rather than
 * bisecting. When no threshold reaches the target, the model would have to refuse everything; the
 * rule then says so ({@link #reachedTarget()} false) and uses the threshold that answers only the
 * single most confident example, rather than pretending.
 */
public final class ConfidenceThreshold {
    /** Target accuracy on the answered validation examples. */
    public static final double DEFAULT_TARGET_ACCURACY = 0.99;
    /** Metadata property keys (free-form {@link LocalExpertMetadata#properties()}). */
    public static final String KEY_VALUE = "unsure_below";
    public static final String KEY_DERIVATION = "unsure_below_derivation";

    private final float value;
    private final String derivation;
    private final boolean reachedTarget;

    public ConfidenceThreshold(float value, String derivation) {
        this(value, derivation, true);
    }

    private ConfidenceThreshold(float value, String derivation, boolean reachedTarget) {
        if (!(value >= 0f && value <= 1f)) throw new IllegalArgumentException("a probability threshold must be in [0, 1], got " + value);
        this.value = value;
        this.derivation = derivation;
        this.reachedTarget = reachedTarget;
    }

    /**
     * Calibrates on validation results: {@code confidence[i]} is example i's top probability,
     * {@code correct[i]} whether that top class was the true label.
     */
    public static ConfidenceThreshold calibrate(float[] confidence, boolean[] correct, double targetAccuracy) {
        if (confidence.length != correct.length) {
            throw new IllegalArgumentException(confidence.length + " confidences but " + correct.length + " correctness flags");
        }
        if (confidence.length == 0) throw new IllegalArgumentException("cannot calibrate on no validation examples");
        if (!(targetAccuracy > 0 && targetAccuracy <= 1)) throw new IllegalArgumentException("target accuracy must be in (0, 1], got " + targetAccuracy);
        int n = confidence.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        // Most confident first: answering the first k examples is the threshold confidence[order[k-1]].
        Arrays.sort(order, (a, b) -> Float.compare(confidence[b], confidence[a]));
        int right = 0, bestK = 0;
        for (int k = 1; k <= n; k++) {
            if (correct[order[k - 1]]) right++;
            // Ties: the threshold can only fall between distinct values, so wait for the tie group's end.
            boolean groupEnds = k == n || confidence[order[k]] < confidence[order[k - 1]];
            if (groupEnds && right >= targetAccuracy * k - 1e-9) bestK = k;
        }
        if (bestK == 0) {
            float top = confidence[order[0]];
            return new ConfidenceThreshold(top, String.format(Locale.ROOT,
                    "no threshold reaches %.1f %% accuracy on %d validation examples; answering only the most confident (>= %.4f)",
                    100 * targetAccuracy, n, top), false);
        }
        float t = bestK == n ? 0f : confidence[order[bestK - 1]];
        int answeredRight = 0;
        for (int i = 0; i < bestK; i++) if (correct[order[i]]) answeredRight++;
        return new ConfidenceThreshold(t, String.format(Locale.ROOT,
                "smallest top-probability threshold with >= %.1f %% accuracy on the answered validation examples: "
                        + "%d of %d answered, %d of them right (%.2f %%)",
                100 * targetAccuracy, bestK, n, answeredRight, 100.0 * answeredRight / bestK));
    }

    /** The threshold stored in {@code meta}, or null when the model has none. */
    public static ConfidenceThreshold fromMetadata(LocalExpertMetadata meta) {
        if (meta == null || !meta.properties().containsKey(KEY_VALUE)) return null;
        String v = meta.properties().get(KEY_VALUE);
        try {
            String how = meta.properties().get(KEY_DERIVATION);
            return new ConfidenceThreshold(Float.parseFloat(v), how == null ? "from the model's metadata" : how);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the model's metadata has an unusable " + KEY_VALUE + " '" + v + "'", e);
        }
    }

    /** Records this threshold and its derivation in {@code meta}'s properties. */
    public LocalExpertMetadata writeTo(LocalExpertMetadata meta) {
        return meta.property(KEY_VALUE, String.format(Locale.ROOT, "%.6f", value)).property(KEY_DERIVATION, derivation);
    }

    public float value() {
        return value;
    }

    public String derivation() {
        return derivation;
    }

    /** False when no threshold reached the target accuracy on validation (see the class comment). */
    public boolean reachedTarget() {
        return reachedTarget;
    }

    /** True when a top probability of {@code p} is too low to answer. */
    public boolean isBelow(float p) {
        return p < value;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "unsure below %.4f (%s)", value, derivation);
    }
}

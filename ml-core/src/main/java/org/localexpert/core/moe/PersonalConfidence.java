package org.localexpert.core.moe;

import java.util.Arrays;
import java.util.Locale;
import org.localexpert.core.abstain.ConfidenceThreshold;

/**
 * A personal model's own "unsure" cut on its top probability, from its user's samples.
 *
 * <p>Why: the GE's cut was calibrated on the GE's own probabilities on generic inputs. A mixture that learnt a
 * new symbol from ten drawings answers it with a lower top probability than the GE answers a digit, so the
 * GE's cut flags many of the user's own new symbols (issue 18: 30 % of them). Here the cut comes from how
 * confident the personal model is on the user's samples when it has not seen them: each sample's top
 * probability under the mixture trained on the other folds ({@link CrossValidation#outOfFoldTop}). The cut
 * flags at most {@link #BUDGET} of them, every class counting the same (so a new symbol with ten samples
 * weighs as much as a digit with thirty), and it is never stricter than the GE's: it only gives back answers
 * on what the user taught. Inputs like nothing the user or the GE knows are still caught by the familiarity
 * check, which a personal model keeps.
 */
public final class PersonalConfidence {
    /** Share of the user's own samples (class-balanced, out of fold) the personal cut may flag. */
    public static final double BUDGET = 0.05;
    /** Folds of the cross-validation that gives the out-of-fold probabilities. */
    public static final int FOLDS = 5;

    private PersonalConfidence() {
    }

    /**
     * The personal cut: the class-balanced {@link #BUDGET} quantile of the out-of-fold top probabilities,
     * capped at the GE's cut; the GE's cut itself when the cross-validation gives nothing usable.
     *
     * @param ge the GE's calibrated cut (from its metadata); null = none
     * @param cv the personalization's cross-validation on the user's samples
     */
    public static ConfidenceThreshold cut(ConfidenceThreshold ge, CrossValidation cv) {
        if (ge == null) return null;
        float[] top = cv.outOfFoldTop;
        int[] labels = cv.labels;
        int classes = 0;
        for (int y : labels) classes = Math.max(classes, y + 1);
        int[] count = new int[classes];
        int usable = 0;
        for (int i = 0; i < top.length; i++) {
            if (Float.isNaN(top[i])) continue;
            count[labels[i]]++;
            usable++;
        }
        if (usable == 0) return ge;
        Integer[] order = new Integer[top.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(nanLast(top[a]), nanLast(top[b])));
        int present = 0;
        for (int c : count) if (c > 0) present++;
        // Walk up from the least confident: flagged share = Σ 1 / (present · count[class]) over the samples below the cut.
        double flagged = 0;
        float cut = Float.NaN;
        for (int i : order) {
            if (Float.isNaN(top[i])) break;
            double w = 1.0 / ((double) present * count[labels[i]]);
            if (flagged + w > BUDGET + 1e-12) {
                cut = top[i];
                break;
            }
            flagged += w;
        }
        if (Float.isNaN(cut) || cut >= ge.value()) return ge;
        return new ConfidenceThreshold(cut, String.format(Locale.ROOT,
                "personal: below it fall %.1f %% of the user's %d samples (each class counting the same), each scored by the "
                        + "mixture trained on the other %d folds; replaces the GE's stricter cut %.4f (%s)",
                100 * flagged, usable, cv.folds - 1, ge.value(), ge.derivation()));
    }

    private static float nanLast(float v) {
        return Float.isNaN(v) ? Float.POSITIVE_INFINITY : v;
    }
}

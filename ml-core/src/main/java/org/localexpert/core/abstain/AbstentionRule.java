package org.localexpert.core.abstain;

import java.util.Locale;

/**
 * The "unsure" rule: given the model's input and its class probabilities, answer or abstain, and
 * say why. The input check comes first — for an image that is not a picture of the domain, "not a
 * leaf photo" is the honest reason, whatever the softmax says — then the calibrated confidence
 * threshold.
 */
public final class AbstentionRule {
    /** Why the rule decided as it did. */
    public enum Verdict { ANSWER, LOW_CONFIDENCE, NOT_IN_DOMAIN }

    /** One decision: the top class, its probability, and whether (and why) the model abstains. */
    public static final class Decision {
        private final Verdict verdict;
        private final int label;
        private final float probability;
        private final String reason;
        private final InputCheck.Problem inputProblem;

        Decision(Verdict verdict, int label, float probability, String reason, InputCheck.Problem inputProblem) {
            this.verdict = verdict;
            this.label = label;
            this.probability = probability;
            this.reason = reason;
            this.inputProblem = inputProblem;
        }

        public Verdict verdict() { return verdict; }
        public boolean unsure() { return verdict != Verdict.ANSWER; }
        /** The top class (also when unsure: the app may still show it as "perhaps"). */
        public int label() { return label; }
        public float probability() { return probability; }
        /** Null when the model answers, e.g. "low confidence 0.41 < 0.62" otherwise. */
        public String reason() { return reason; }
        /** The input check that failed ({@link Verdict#NOT_IN_DOMAIN}), else null. */
        public InputCheck.Problem inputProblem() { return inputProblem; }
    }

    /**
     * The threshold for a model whose metadata carries none (no calibration yet): below 0.5 the
     * model itself gives its answer less than even odds, so answering would be a coin toss at best.
     * A calibrated threshold (bench-abstention) is usually higher.
     */
    public static final float DEFAULT_UNSURE_BELOW = 0.5f;

    private final ConfidenceThreshold threshold;
    private final InputCheck inputCheck;
    private final String domainWords;

    /**
     * @param domainWords what an in-domain input is, for the reason string ("a leaf photo")
     */
    public AbstentionRule(ConfidenceThreshold threshold, InputCheck inputCheck, String domainWords) {
        if (threshold == null || inputCheck == null || domainWords == null) throw new IllegalArgumentException("threshold, input check and domain words are required");
        this.threshold = threshold;
        this.inputCheck = inputCheck;
        this.domainWords = domainWords;
    }

    /** The plant domain: colour-photo checks, "not a leaf photo". */
    public static AbstentionRule forLeafPhotos(ConfidenceThreshold threshold) {
        return new AbstentionRule(threshold, InputCheck.forColourPhotos(), "a leaf photo");
    }

    /** The handwriting domain: only the blank-canvas check. */
    public static AbstentionRule forHandwriting(ConfidenceThreshold threshold) {
        return new AbstentionRule(threshold, InputCheck.forHandwriting(), "handwriting");
    }

    public ConfidenceThreshold threshold() {
        return threshold;
    }

    /** Decides for one input ({@code height x width x channels}, values in [0, 1]) and its class probabilities. */
    public Decision decide(float[] input, int height, int width, int channels, float[] probabilities) {
        Decision byConfidence = decide(probabilities);
        InputCheck.Finding problem = inputCheck.problem(input, height, width, channels);
        if (problem != null) {
            return new Decision(Verdict.NOT_IN_DOMAIN, byConfidence.label, byConfidence.probability,
                    "not " + domainWords + ": " + problem.words(), problem.problem());
        }
        return byConfidence;
    }

    /** Decides on the probabilities alone (when the input is not at hand). */
    public Decision decide(float[] probabilities) {
        if (probabilities.length == 0) throw new IllegalArgumentException("no class probabilities");
        int best = 0;
        for (int j = 1; j < probabilities.length; j++) if (probabilities[j] > probabilities[best]) best = j;
        float p = probabilities[best];
        if (Float.isNaN(p)) return new Decision(Verdict.LOW_CONFIDENCE, best, p, "the model's output is not a number", null);
        if (threshold.isBelow(p)) {
            return new Decision(Verdict.LOW_CONFIDENCE, best, p, String.format(Locale.ROOT, "low confidence %.2f < %.2f", p, threshold.value()), null);
        }
        return new Decision(Verdict.ANSWER, best, p, null, null);
    }
}

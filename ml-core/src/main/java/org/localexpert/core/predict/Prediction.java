package org.localexpert.core.predict;

import java.util.Locale;
import org.localexpert.core.abstain.InputCheck;

/**
 * One answer of a {@link Classifier}: the label, its probability, which expert gave it, and whether
 * the model should rather say "unsure". What the CLI's {@code predict} prints and what the app shows.
 */
public final class Prediction {
    /** Who answered: the shipped global expert, or the user's own local expert. */
    public enum Expert { GLOBAL, LOCAL }

    private final String label;
    private final int labelIndex;
    private final float probability;
    private final float[] probabilities;
    private final Expert expert;
    private final float gate;
    private final String unsureReason;
    private final InputCheck.Problem inputProblem;
    private final long nanos;

    Prediction(String label, int labelIndex, float probability, float[] probabilities, Expert expert, float gate,
               String unsureReason, InputCheck.Problem inputProblem, long nanos) {
        this.label = label;
        this.labelIndex = labelIndex;
        this.probability = probability;
        this.probabilities = probabilities;
        this.expert = expert;
        this.gate = gate;
        this.unsureReason = unsureReason;
        this.inputProblem = inputProblem;
        this.nanos = nanos;
    }

    /** The most probable label (also when unsure: the UI may show it as a guess). */
    public String label() { return label; }

    public int labelIndex() { return labelIndex; }

    public float probability() { return probability; }

    /** All class probabilities, in the order of {@link Classifier#labels()}. */
    public float[] probabilities() { return probabilities.clone(); }

    public Expert expert() { return expert; }

    /** The gate's output in [0, 1] (above 0.5 = the local expert answers); NaN for a GE-only model. */
    public float gate() { return gate; }

    /** True when the model abstains: low confidence or an input that is not from its domain. */
    public boolean unsure() { return unsureReason != null; }

    /** Why the model abstains, e.g. "low confidence 0.41 < 0.83" (for logs and the CLI); null when it answers. */
    public String unsureReason() { return unsureReason; }

    /**
     * When the model abstains because the input is not from its domain, which check it failed (the app words
     * its advice from this: retake in daylight, in colour, held still); null when it answers or is merely not
     * confident enough.
     */
    public InputCheck.Problem inputProblem() { return inputProblem; }

    /** Wall time of the engine run, nanoseconds. */
    public long nanos() { return nanos; }

    @Override
    public String toString() {
        String who = expert == Expert.LOCAL ? "local expert (yours)" : "global expert";
        String s = String.format(Locale.ROOT, "label %s  probability %.4f  answered by the %s", label, probability, who);
        if (!Float.isNaN(gate)) s += String.format(Locale.ROOT, "  gate %.4f", gate);
        if (unsureReason != null) s += "  unsure: " + unsureReason;
        return s;
    }
}

package org.localexpert.core.predict;

import java.util.List;
import java.util.Locale;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.tflite.LocalExpertMetadata;

/**
 * Whether a candidate engine (the GPU delegate) tells the user what the reference engine (the CPU) tells them, on the
 * {@link GoldenSet}: for every input the same label, the same route (who answered, GE or the user's LE) and the same
 * "unsure" decision, as the app's {@link Classifier} reads them from the model file's metadata. Probabilities may
 * differ a little (GPUs round differently); what the user sees may not. Stops at the first disagreement.
 */
public final class GoldenSetCheck {
    /** What differed first. */
    public enum Difference { LABEL, ROUTE, UNSURE }

    /** The outcome: agreement, or the first difference and where. */
    public static final class Verdict {
        private final int inputs;
        private final Difference difference;
        private final int input;
        private final String detail;

        private Verdict(int inputs, Difference difference, int input, String detail) {
            this.inputs = inputs;
            this.difference = difference;
            this.input = input;
            this.detail = detail;
        }

        public boolean agrees() { return difference == null; }

        /** Null when the engines agree. */
        public Difference difference() { return difference; }

        /** The golden input (0-based) that differed, or -1. */
        public int input() { return input; }

        /** How many golden inputs were compared. */
        public int inputs() { return inputs; }

        /** In English, for the log: e.g. "golden input 3 of 10: label 7 (p 0.91) on the candidate, 1 (p 0.88) on the reference". */
        public String detail() { return detail; }

        @Override
        public String toString() {
            return agrees() ? "agree on " + inputs + " golden inputs" : detail;
        }
    }

    private GoldenSetCheck() {}

    /**
     * Classifies each of {@code inputs} with both engines (neither is closed: the caller keeps the one it chooses).
     *
     * @throws IllegalArgumentException for no inputs (a check of nothing would say "agree")
     */
    public static Verdict compare(InferenceEngine candidate, InferenceEngine reference, LocalExpertMetadata metadata, List<float[]> inputs) {
        if (inputs.isEmpty()) throw new IllegalArgumentException("no golden inputs to compare on");
        Classifier c = Classifier.of(candidate, metadata), r = Classifier.of(reference, metadata);
        for (int i = 0; i < inputs.size(); i++) {
            Prediction a = c.classify(inputs.get(i)), b = r.classify(inputs.get(i));
            Difference d = a.labelIndex() != b.labelIndex() ? Difference.LABEL
                    : a.expert() != b.expert() ? Difference.ROUTE
                    : a.unsure() != b.unsure() ? Difference.UNSURE : null;
            if (d != null) {
                return new Verdict(inputs.size(), d, i, String.format(Locale.ROOT,
                        "golden input %d of %d: %s differs - candidate %s (p %.4f, %s, gate %.4f, %s), reference %s (p %.4f, %s, gate %.4f, %s)",
                        i + 1, inputs.size(), d.name().toLowerCase(Locale.ROOT), a.label(), a.probability(), a.expert(), a.gate(),
                        a.unsure() ? "unsure" : "sure", b.label(), b.probability(), b.expert(), b.gate(), b.unsure() ? "unsure" : "sure"));
            }
        }
        return new Verdict(inputs.size(), null, -1, null);
    }
}

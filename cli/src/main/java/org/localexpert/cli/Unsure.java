package org.localexpert.cli;

import java.io.PrintStream;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.tflite.LocalExpertMetadata;

/** How the CLI picks the "unsure" threshold and prints an abstention. */
final class Unsure {
    private Unsure() {}

    static final String FLAG = "unsure-below";

    /**
     * {@code --unsure-below P} when given (NaN = not given), else the calibrated threshold in the
     * model's metadata, else {@link AbstentionRule#DEFAULT_UNSURE_BELOW}.
     */
    static ConfidenceThreshold threshold(double flag, LocalExpertMetadata meta) {
        if (!Double.isNaN(flag)) {
            if (!(flag >= 0 && flag <= 1)) throw new UserError("--" + FLAG + " must be a probability in [0, 1], got " + flag);
            return new ConfidenceThreshold((float) flag, "--" + FLAG);
        }
        ConfidenceThreshold stored;
        try {
            stored = ConfidenceThreshold.fromMetadata(meta);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        return stored != null ? stored
                : new ConfidenceThreshold(AbstentionRule.DEFAULT_UNSURE_BELOW, "default: no calibrated threshold in the model's metadata");
    }

    /** Prints the "unsure" line when {@code d} abstains; nothing otherwise. */
    static void print(AbstentionRule.Decision d, PrintStream out) {
        if (d.unsure()) out.println("unsure: " + d.reason());
    }
}

package org.localexpert.core.moe;

/**
 * The parts of the personalization recipe the product never changes, at the values the design searches
 * chose (what each alternative measured is in models/handwriting/README.md and models/plant/README.md).
 * {@link #SHIPPED} is what the app and the CLI run; only those searches and the benches' baselines (the
 * experiments module) supply another design, to measure what each choice is worth. What the product does
 * set, per domain, is in {@link PersonalizationOptions}.
 */
public interface PersonalizationDesign {
    /** The design that ships. */
    PersonalizationDesign SHIPPED = new PersonalizationDesign() {};

    /** Where the LE starts. */
    enum LeInit {
        /** A copy of the GE's own classifier (new classes start at zero), fine-tuned: the LE starts as good as the GE. */
        GE_HEAD,
        /** Random weights, trained from the user's samples only (the paper's LE). */
        FRESH
    }

    /** LE training epochs: from the GE's classifier a few passes suffice; more learn the taught samples by heart. */
    default int leEpochs() {
        return 10;
    }

    /** GN training epochs (a logistic regression: it converges well within these). */
    default int gnEpochs() {
        return 30;
    }

    /** From the GE's classifier, so the LE only has to learn how this user differs, which a handful of samples can teach. */
    default LeInit leInit() {
        return LeInit.GE_HEAD;
    }

    /** Pull of the LE's weights toward where they started (0 = none), against forgetting everyone else. */
    default float anchor() {
        return 0.01f;
    }

    /** The replay weight for a user who taught new classes, given the configured one: the same. */
    default float newClassReplayWeight(float replayWeight) {
        return replayWeight;
    }

    /** Hard: one expert answers each input, which is also what the app shows as "who answered". */
    default Routing routing() {
        return Routing.HARD;
    }

    /** The LE never answers where the GE's top probability is at least this (1: no ceiling; see {@link Mixture.Gating}). */
    default float confidenceCeiling() {
        return 1f;
    }

    /** Whether the LE must (nearly) out-confide the GE to overrule it, by the options' duel margin. */
    default boolean duel() {
        return true;
    }

    /** Folds of the guards that cross-validate ({@link RoutingGuard.Rule#crossValidates()}). */
    default int guardFolds() {
        return 4;
    }

    /** With {@link RoutingGuard.Rule#KEEP_PERFECT_GE}: the GE is kept when it misreads at most this share of the taught samples. */
    default float keepGeTolerance() {
        return 0f;
    }

    /**
     * Scale of the handwriting copies' warps, 1 = the GE recipe's ±10° / ±10 % / ±2 px: 1.5, since a writer's
     * hand drifts along the page and the copies stand in for the drift.
     */
    default float warpStrength() {
        return 1.5f;
    }
}

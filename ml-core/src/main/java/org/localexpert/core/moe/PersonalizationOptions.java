package org.localexpert.core.moe;

import java.util.Locale;

/**
 * Everything that defines a personalization besides the GE, the user's samples and the replay
 * sample. Immutable, made with {@link #builder()}; the defaults are the design chosen by
 * measurement (see {@link Personalizer}).
 */
public final class PersonalizationOptions {
    /** Where the LE starts. */
    public enum LeInit {
        /** A copy of the GE's own classifier (new classes start at zero), fine-tuned: the LE starts as good as the GE. */
        GE_HEAD,
        /** Random weights, trained from the user's samples only (the paper's LE). */
        FRESH
    }

    final long seed;
    final int threads;
    final int leEpochs;
    final int gnEpochs;
    final LeInit leInit;
    final float anchor;
    final float replayWeight;
    final float newClassReplayWeight;
    final Routing routing;
    final int minPerClass;
    final float userGateTarget;
    final int augmentCopies;
    final float confidenceCeiling;
    final float duelMargin;
    final RoutingGuard.Rule guardRule;
    final int guardFolds;
    final float keepGeTolerance;
    final float warpStrength;

    private PersonalizationOptions(Builder b) {
        seed = b.seed;
        threads = b.threads;
        leEpochs = b.leEpochs;
        gnEpochs = b.gnEpochs;
        leInit = b.leInit;
        anchor = b.anchor;
        replayWeight = b.replayWeight;
        newClassReplayWeight = b.newClassReplayWeight;
        routing = b.routing;
        minPerClass = b.minPerClass;
        userGateTarget = b.userGateTarget;
        augmentCopies = b.augmentCopies;
        confidenceCeiling = b.confidenceCeiling;
        duelMargin = b.duelMargin;
        guardRule = b.guardRule;
        guardFolds = b.guardFolds;
        keepGeTolerance = b.keepGeTolerance;
        warpStrength = b.warpStrength;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.seed = seed;
        b.threads = threads;
        b.leEpochs = leEpochs;
        b.gnEpochs = gnEpochs;
        b.leInit = leInit;
        b.anchor = anchor;
        b.replayWeight = replayWeight;
        b.newClassReplayWeight = newClassReplayWeight;
        b.routing = routing;
        b.minPerClass = minPerClass;
        b.userGateTarget = userGateTarget;
        b.augmentCopies = augmentCopies;
        b.confidenceCeiling = confidenceCeiling;
        b.duelMargin = duelMargin;
        b.guardRule = guardRule;
        b.guardFolds = guardFolds;
        b.keepGeTolerance = keepGeTolerance;
        b.warpStrength = warpStrength;
        return b;
    }

    public long seed() { return seed; }
    public int threads() { return threads; }
    public Routing routing() { return routing; }
    public LeInit leInit() { return leInit; }
    public int minPerClass() { return minPerClass; }
    public int augmentCopies() { return augmentCopies; }
    public RoutingGuard.Rule guardRule() { return guardRule; }
    public int guardFolds() { return guardFolds; }
    public float duelMargin() { return duelMargin; }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LE %s (%d epochs, anchor %.3g, replay weight %.2f%s), GN %d epochs (user target %.2f), %d augmented copies, %s routing, GE confidence ceiling %s%s%s, seed %d, %d thread(s)",
                leInit, leEpochs, anchor, replayWeight,
                Float.isNaN(newClassReplayWeight) ? "" : String.format(Locale.ROOT, ", %.2f with new classes", newClassReplayWeight), gnEpochs, userGateTarget, augmentCopies, routing,
                confidenceCeiling < 1f ? Float.toString(confidenceCeiling) : "none", Float.isNaN(duelMargin) ? "" : ", LE must out-confide the GE (margin " + duelMargin + ")",
                guardRule == RoutingGuard.Rule.NONE ? "" : ", guard " + guardRule + (guardRule.crossValidates() ? " by " + guardFolds + "-fold CV"
                        : keepGeTolerance > 0 ? String.format(Locale.ROOT, " (GE misreads <= %.1f %% of the taught samples)", 100 * keepGeTolerance) : ""), seed, threads);
    }

    public static final class Builder {
        private long seed = 1;
        private int threads = 1;
        private int leEpochs = 10;
        private int gnEpochs = 30;
        private LeInit leInit = LeInit.GE_HEAD;
        private float anchor = 0.01f;
        private float replayWeight = 0.5f;
        private float newClassReplayWeight = Float.NaN;
        private Routing routing = Routing.HARD;
        private int minPerClass = Domain.MIN_PER_CLASS;
        private float userGateTarget = 1f;
        private int augmentCopies = 8;
        private float confidenceCeiling = 1f;
        private float duelMargin = 0.2f;
        private RoutingGuard.Rule guardRule = RoutingGuard.Rule.KEEP_PERFECT_GE;
        private int guardFolds = 4;
        private float keepGeTolerance = 0f;
        private float warpStrength = 1.5f;

        private Builder() {}

        public Builder seed(long seed) { this.seed = seed; return this; }

        public Builder threads(int threads) {
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            this.threads = threads;
            return this;
        }

        public Builder leEpochs(int epochs) {
            if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            this.leEpochs = epochs;
            return this;
        }

        public Builder gnEpochs(int epochs) {
            if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            this.gnEpochs = epochs;
            return this;
        }

        /** Both LE and GN epochs. */
        public Builder epochs(int epochs) {
            return leEpochs(epochs).gnEpochs(epochs);
        }

        public Builder leInit(LeInit init) { this.leInit = init; return this; }

        /** Pull of the LE's weights toward where they started (0 = none). */
        public Builder anchor(float anchor) {
            if (!(anchor >= 0)) throw new IllegalArgumentException("anchor must be >= 0, got " + anchor);
            this.anchor = anchor;
            return this;
        }

        /** Weight of each replay digit in the LE's loss relative to a user sample (0 = user samples only). */
        public Builder replayWeight(float weight) {
            if (!(weight >= 0)) throw new IllegalArgumentException("replay weight must be >= 0, got " + weight);
            this.replayWeight = weight;
            return this;
        }

        /**
         * The replay weight for a user who taught new classes (NaN = {@link #replayWeight}): the replay digits are
         * the LE's only examples of what a new class is not, beyond the user's own digits.
         */
        public Builder newClassReplayWeight(float weight) {
            if (!(weight >= 0) && !Float.isNaN(weight)) throw new IllegalArgumentException("new-class replay weight must be >= 0, got " + weight);
            this.newClassReplayWeight = weight;
            return this;
        }

        public Builder routing(Routing routing) { this.routing = routing; return this; }

        /** Fewer user samples than this in any class is refused with a clear message. */
        public Builder minPerClass(int n) {
            if (n < 1) throw new IllegalArgumentException("minPerClass must be >= 1, got " + n);
            this.minPerClass = n;
            return this;
        }

        /**
         * The gate's training target for the user's own samples (replay digits get 0). Below 1 the
         * gate learns to leave the GE a share (1 − target) even on the user's handwriting, so a
         * confident GE can outvote an LE that learnt from a handful of samples.
         */
        public Builder userGateTarget(float target) {
            if (!(target > 0.5f && target <= 1f)) throw new IllegalArgumentException("user gate target must be in (0.5, 1], got " + target);
            this.userGateTarget = target;
            return this;
        }

        /**
         * Randomly warped copies (±10°, ±10 % scale, ±2 px, the GE recipe's augmentation) of each
         * user sample added to the LE's and GN's training data; each costs one more GE forward.
         */
        public Builder augmentCopies(int copies) {
            if (copies < 0 || copies > 32) throw new IllegalArgumentException("augment copies must be in 0..32, got " + copies);
            this.augmentCopies = copies;
            return this;
        }

        /** The LE never answers where the GE's top probability is at least this (1 = no ceiling). See {@link Mixture}. */
        public Builder confidenceCeiling(float ceiling) {
            if (!(ceiling > 0f && ceiling <= 1f)) throw new IllegalArgumentException("confidence ceiling must be in (0, 1], got " + ceiling);
            this.confidenceCeiling = ceiling;
            return this;
        }

        /**
         * The LE only answers where its top probability is at least the GE's minus {@code margin}
         * (NaN = no such condition; see {@link Mixture}).
         */
        public Builder duelMargin(float margin) {
            if (!Float.isNaN(margin) && !(margin >= 0f && margin < 1f)) throw new IllegalArgumentException("duel margin must be in [0, 1) or NaN, got " + margin);
            this.duelMargin = margin;
            return this;
        }

        /**
         * The per-user guard ({@link RoutingGuard}): {@code folds}-fold cross-validation on the user's
         * own samples, and {@code rule} picks the routing from it ({@link RoutingGuard.Rule#NONE} = off).
         * It needs the duel margin to be a rung of {@link RoutingGuard#LADDER}.
         */
        public Builder guard(RoutingGuard.Rule rule, int folds) {
            if (rule == null) throw new IllegalArgumentException("guard rule must not be null (use NONE)");
            if (folds < 2 || folds > 20) throw new IllegalArgumentException("guard folds must be in 2..20, got " + folds);
            this.guardRule = rule;
            this.guardFolds = folds;
            return this;
        }

        /**
         * With {@link RoutingGuard.Rule#KEEP_PERFECT_GE}: the GE is kept (the gate stays closed) when
         * it misreads at most this share of the taught samples (0 = only a GE that reads all of them).
         */
        public Builder keepGeTolerance(float errorShare) {
            if (!(errorShare >= 0f && errorShare < 1f)) throw new IllegalArgumentException("keep-GE tolerance must be in [0, 1), got " + errorShare);
            this.keepGeTolerance = errorShare;
            return this;
        }

        /** Scales the warped copies' ranges (1 = the GE recipe's ±10° / ±10 % / ±2 px). */
        public Builder warpStrength(float strength) {
            if (!(strength > 0f && strength <= 3f)) throw new IllegalArgumentException("warp strength must be in (0, 3], got " + strength);
            this.warpStrength = strength;
            return this;
        }

        public PersonalizationOptions build() {
            if (guardRule.crossValidates()) RoutingGuard.rungOf(duelMargin);
            return new PersonalizationOptions(this);
        }
    }
}

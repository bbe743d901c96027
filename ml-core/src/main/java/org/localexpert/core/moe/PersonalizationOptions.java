package org.localexpert.core.moe;

import java.util.Locale;

/**
 * What the product sets for a personalization besides the GE, the user's samples and the replay sample:
 * the run (seed, threads), the fewest samples a class needs, and the recipe's values that differ between
 * the domains ({@link Domain#defaults()}). Everything else about the recipe is fixed in
 * {@link PersonalizationDesign}. Immutable, made with {@link #builder()}.
 */
public final class PersonalizationOptions implements Cloneable {
    private long seed = 1;
    private int threads = 1;
    private int minPerClass = Domain.MIN_PER_CLASS;
    private int augmentCopies = 8;
    private float replayWeight = 0.5f;
    private float userGateTarget = 1f;
    private float duelMargin = 0.2f;
    private RoutingGuard.Rule guardRule = RoutingGuard.Rule.KEEP_PERFECT_GE;
    private PersonalizationDesign design = PersonalizationDesign.SHIPPED;

    private PersonalizationOptions() {}

    public static Builder builder() {
        return new Builder(new PersonalizationOptions());
    }

    public Builder toBuilder() {
        return new Builder(copy());
    }

    private PersonalizationOptions copy() {
        try {
            return (PersonalizationOptions) clone(); // every field is a value or immutable
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    public long seed() { return seed; }
    public int threads() { return threads; }
    public int minPerClass() { return minPerClass; }
    public int augmentCopies() { return augmentCopies; }
    public float replayWeight() { return replayWeight; }
    public float userGateTarget() { return userGateTarget; }
    public float duelMargin() { return duelMargin; }
    public RoutingGuard.Rule guardRule() { return guardRule; }
    public PersonalizationDesign design() { return design; }

    /** The routing before any guard: the LE within the duel margin of the GE, or unconditioned when the design has no duel. */
    RoutingGuard.Choice configuredChoice() {
        return RoutingGuard.Choice.margin(design.duel() ? duelMargin : Float.NaN);
    }

    @Override
    public String toString() {
        float newClassWeight = design.newClassReplayWeight(replayWeight);
        float ceiling = design.confidenceCeiling();
        return String.format(Locale.ROOT, "LE %s (%d epochs, anchor %.3g, replay weight %.2f%s), GN %d epochs (user target %.2f), %d augmented copies, %s routing, GE confidence ceiling %s%s%s, seed %d, %d thread(s)",
                design.leInit(), design.leEpochs(), design.anchor(), replayWeight,
                newClassWeight == replayWeight ? "" : String.format(Locale.ROOT, ", %.2f with new classes", newClassWeight), design.gnEpochs(), userGateTarget,
                augmentCopies, design.routing(), ceiling < 1f ? Float.toString(ceiling) : "none",
                design.duel() ? ", LE must out-confide the GE (margin " + duelMargin + ")" : "",
                guardRule == RoutingGuard.Rule.NONE ? "" : ", guard " + guardRule + (guardRule.crossValidates() ? " by " + design.guardFolds() + "-fold CV"
                        : design.keepGeTolerance() > 0 ? String.format(Locale.ROOT, " (GE misreads <= %.1f %% of the taught samples)", 100 * design.keepGeTolerance()) : ""),
                seed, threads);
    }

    public static final class Builder {
        private final PersonalizationOptions o;

        private Builder(PersonalizationOptions o) {
            this.o = o;
        }

        public Builder seed(long seed) {
            o.seed = seed;
            return this;
        }

        public Builder threads(int threads) {
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            o.threads = threads;
            return this;
        }

        /** Fewer user samples than this in any class is refused with a clear message. */
        public Builder minPerClass(int n) {
            if (n < 1) throw new IllegalArgumentException("minPerClass must be >= 1, got " + n);
            o.minPerClass = n;
            return this;
        }

        /**
         * Augmented copies of each user sample added to the LE's and GN's training data (the domain's
         * {@link Domain#augmentation}); each costs one more GE forward.
         */
        public Builder augmentCopies(int copies) {
            if (copies < 0 || copies > 32) throw new IllegalArgumentException("augment copies must be in 0..32, got " + copies);
            o.augmentCopies = copies;
            return this;
        }

        /** Weight of the replay sample in the LE's loss, in all, relative to the user's samples in all (0 = user samples only). */
        public Builder replayWeight(float weight) {
            if (!(weight >= 0)) throw new IllegalArgumentException("replay weight must be >= 0, got " + weight);
            o.replayWeight = weight;
            return this;
        }

        /**
         * The gate's training target for the user's own samples (replay samples get 0). Below 1 the
         * gate learns to leave the GE a share (1 − target) even on the user's inputs, so a
         * confident GE can outvote an LE that learnt from a handful of samples.
         */
        public Builder userGateTarget(float target) {
            if (!(target > 0.5f && target <= 1f)) throw new IllegalArgumentException("user gate target must be in (0.5, 1], got " + target);
            o.userGateTarget = target;
            return this;
        }

        /** The LE only answers where its top probability is at least the GE's minus {@code margin} ({@link Mixture.Gating#duel}). */
        public Builder duelMargin(float margin) {
            if (!(margin >= 0f && margin < 1f)) throw new IllegalArgumentException("duel margin must be in [0, 1), got " + margin);
            o.duelMargin = margin;
            return this;
        }

        /** The per-user guard ({@link RoutingGuard}); {@link RoutingGuard.Rule#NONE} = off. */
        public Builder guard(RoutingGuard.Rule rule) {
            if (rule == null) throw new IllegalArgumentException("guard rule must not be null (use NONE)");
            o.guardRule = rule;
            return this;
        }

        /** Another design than the one that ships: for the experiments that measure the design, never the product. */
        public Builder design(PersonalizationDesign design) {
            if (design == null) throw new IllegalArgumentException("design must not be null");
            o.design = design;
            return this;
        }

        public PersonalizationOptions build() {
            if (o.guardRule.crossValidates()) RoutingGuard.rungOf(o.configuredChoice().margin);
            return o.copy();
        }
    }
}

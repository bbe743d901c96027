package org.localexpert.core.moe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Dense;

/**
 * Per-user "do no harm" guards: before the mixture is assembled, a {@link Rule} decides from data
 * the phone has — the user's own labelled samples — whether this user's LE may answer at all, and
 * how boldly. The ways of routing form a ladder from the most careful to the boldest
 * ({@link #LADDER}): the GE answers everything (the gate is closed), or the LE may overrule the GE
 * where its top probability is at least the GE's minus a margin (0, 0.05, 0.2), or with no such
 * condition.
 *
 * <p>Most rules read k-fold cross-validation on the user's samples ({@link #collect}: every rung
 * scored on samples its LE and GN did not train on; all rungs share one LE and GN per fold, so a
 * guard costs k extra trainings, not k per rung). None of them beat a fixed margin (nested
 * cross-validation on 250 real writers, models/handwriting/README.md): with ~60 samples a user's CV
 * verdict is mostly one digit either way. So the product uses the rule that needs no CV,
 * {@link Rule#KEEP_PERFECT_GE}: a GE that already reads every taught sample is kept, which made
 * fewer users worse while allowing the bolder margin 0.2.
 */
public final class RoutingGuard {
    /** One rung of the ladder: the GE alone, or the LE allowed where it is at least as sure as the GE less {@code margin} (NaN = always). */
    public static final class Choice {
        public final boolean geOnly;
        public final float margin;

        private Choice(boolean geOnly, float margin) {
            this.geOnly = geOnly;
            this.margin = margin;
        }

        static Choice geOnly() {
            return new Choice(true, Float.NaN);
        }

        static Choice margin(float margin) {
            return new Choice(false, margin);
        }

        boolean sameAs(Choice o) {
            return geOnly == o.geOnly && (geOnly || Float.compare(margin, o.margin) == 0);
        }

        @Override
        public String toString() {
            if (geOnly) return "GE only";
            return Float.isNaN(margin) ? "LE unconditioned" : String.format(Locale.ROOT, "LE within %.2f of the GE", margin);
        }
    }

    /** From the most careful to the boldest. */
    public static final List<Choice> LADDER = Collections.unmodifiableList(Arrays.asList(
            Choice.geOnly(), Choice.margin(0f), Choice.margin(0.05f), Choice.margin(0.2f), Choice.margin(Float.NaN)));

    /** How the evidence picks a rung, given the configured rung ({@code duelMargin}). */
    public enum Rule {
        /** No guard: always the configured rung. */
        NONE,
        /** The configured rung unless it made more CV errors than the GE alone; then the GE only. */
        NO_HARM,
        /** The configured rung only if it made fewer CV errors than the GE alone; else the GE only. */
        MUST_BEAT,
        /** The boldest rung at or below the configured one that made no more CV errors than the GE; the GE only if none. */
        STEP_DOWN,
        /** The rung with the fewest CV errors; ties go to the more careful one. */
        FEWEST_ERRORS,
        /**
         * No cross-validation: the GE only when it already answers every sample the user taught
         * (there is no accent to learn, so the LE could only harm); else the configured rung.
         */
        KEEP_PERFECT_GE;

        /** Whether the rule reads cross-validation evidence (the others cost no extra training). */
        public boolean crossValidates() {
            return this != NONE && this != KEEP_PERFECT_GE;
        }
    }

    /** What cross-validation on the user's samples says about each rung of {@link #LADDER}. */
    public static final class Evidence {
        public final int folds;
        public final int samples;
        public final int geErrors;
        private final int[] errors;

        Evidence(int folds, int samples, int geErrors, int[] errors) {
            this.folds = folds;
            this.samples = samples;
            this.geErrors = geErrors;
            this.errors = errors.clone();
        }

        /** CV errors of rung {@code i} of {@link #LADDER}. */
        public int errors(int i) {
            return errors[i];
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d-fold CV on %d samples: GE %d errors", folds, samples, geErrors));
            for (int i = 1; i < LADDER.size(); i++) s.append(String.format(Locale.ROOT, ", %s %d", LADDER.get(i), errors[i]));
            return s.toString();
        }
    }

    private RoutingGuard() {}

    /** The ladder's rung for a configured margin (NaN = unconditioned). */
    public static int rungOf(float duelMargin) {
        for (int i = 1; i < LADDER.size(); i++) if (LADDER.get(i).sameAs(Choice.margin(duelMargin))) return i;
        throw new IllegalArgumentException("the guard needs a duel margin on its ladder " + LADDER + ", got " + duelMargin);
    }

    /**
     * Cross-validates every rung: {@code folds} stratified folds of the user's own samples, each
     * predicted by LE+GN trained on the other folds (their warped copies included, the held-out
     * fold's not).
     */
    public static Evidence collect(Personalizer p, Personalizer.UserFeatures uf, int folds, long seed) {
        List<String> union = uf.union;
        FeatureSet user = uf.originals();
        int[] fold = CrossValidation.foldOf(user, union.size(), folds, seed);
        int ge = 0;
        int[] errors = new int[LADDER.size()];
        for (int f = 0; f < folds; f++) {
            List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
            for (int i = 0; i < fold.length; i++) (fold[i] == f ? test : train).add(i);
            if (test.isEmpty() || train.isEmpty()) continue;
            Personalizer.Experts experts = p.trainExperts(uf.subset(CrossValidation.toArray(train)).rows, union.size());
            FeatureSet held = user.subset(CrossValidation.toArray(test), null);
            for (int r = 0; r < LADDER.size(); r++) {
                MixtureScore s = MixtureScore.of(p.assemble(experts, union, LADDER.get(r)), held);
                errors[r] += s.errors;
                if (r == 0) ge += s.geErrors;
            }
        }
        return new Evidence(folds, user.size(), ge, errors);
    }

    /** The rung (index into {@link #LADDER}) {@code rule} picks from {@code e} when the configured rung is {@code configured}. */
    public static int choose(Rule rule, Evidence e, int configured) {
        switch (rule) {
            case NONE:
                return configured;
            case NO_HARM:
                return e.errors(configured) > e.geErrors ? 0 : configured;
            case MUST_BEAT:
                return e.errors(configured) < e.geErrors ? configured : 0;
            case STEP_DOWN:
                for (int r = configured; r >= 1; r--) if (e.errors(r) <= e.geErrors) return r;
                return 0;
            case KEEP_PERFECT_GE:
                throw new IllegalArgumentException("KEEP_PERFECT_GE reads the GE's errors on the taught samples, not CV evidence");
            case FEWEST_ERRORS:
                int best = 0;
                for (int r = 1; r < LADDER.size(); r++) if (e.errors(r) < e.errors(best)) best = r;
                return best;
            default:
                throw new IllegalArgumentException("unknown rule " + rule);
        }
    }

    /**
     * A gate that never opens: zero weights and a bias of −30 (σ(−30) ≈ 1e-13, and far below 0.5 once
     * {@link Routing#HARD} scales it), so the exported graph is the usual one and the GE answers everything.
     */
    static Dense closedGate(int inputs) {
        Dense gn = new Dense("gn/dense", inputs, 1, Activation.NONE);
        Arrays.fill(gn.weights().value().data(), 0f);
        gn.bias().value().data()[0] = -30f;
        return gn;
    }
}

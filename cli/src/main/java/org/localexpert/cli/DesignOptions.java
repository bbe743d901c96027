package org.localexpert.cli;

import org.localexpert.core.moe.PersonalizationDesign;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.Routing;
import org.localexpert.core.moe.RoutingGuard;

/**
 * Options for a personalization whose design is not the one that ships: the knobs the product fixes
 * ({@link PersonalizationDesign}) next to the ones it sets ({@link PersonalizationOptions}), for the
 * baselines ({@link Baselines}, which the demo prints too) and the experiments' design searches. Used like
 * a builder: {@code DesignOptions.from(options).leEpochs(30).routing(Routing.SOFT).build()}.
 */
public final class DesignOptions {
    private final PersonalizationOptions.Builder product;
    private final Design design;

    private DesignOptions(PersonalizationOptions.Builder product, Design design) {
        this.product = product;
        this.design = design;
    }

    /** {@code options}, its design included, to change. */
    public static DesignOptions from(PersonalizationOptions options) {
        return new DesignOptions(options.toBuilder(), new Design(options.design()));
    }

    /** The product's defaults and the shipped design, to change. */
    public static DesignOptions defaults() {
        return from(PersonalizationOptions.builder().build());
    }

    public PersonalizationOptions build() {
        return product.design(new Design(design)).build();
    }

    // What the product sets (PersonalizationOptions.Builder).

    public DesignOptions seed(long seed) { product.seed(seed); return this; }
    public DesignOptions threads(int threads) { product.threads(threads); return this; }
    public DesignOptions minPerClass(int n) { product.minPerClass(n); return this; }
    public DesignOptions augmentCopies(int copies) { product.augmentCopies(copies); return this; }
    public DesignOptions replayWeight(float weight) { product.replayWeight(weight); return this; }
    public DesignOptions userGateTarget(float target) { product.userGateTarget(target); return this; }
    public DesignOptions guard(RoutingGuard.Rule rule) { product.guard(rule); return this; }

    /** The duel with this margin (also when the design had none). */
    public DesignOptions duelMargin(float margin) {
        product.duelMargin(margin);
        design.duel = true;
        return this;
    }

    // What the product fixes (PersonalizationDesign).

    public DesignOptions leEpochs(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        design.leEpochs = epochs;
        return this;
    }

    public DesignOptions gnEpochs(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        design.gnEpochs = epochs;
        return this;
    }

    public DesignOptions leInit(PersonalizationDesign.LeInit init) {
        design.leInit = init;
        return this;
    }

    public DesignOptions anchor(float anchor) {
        if (!(anchor >= 0)) throw new IllegalArgumentException("anchor must be >= 0, got " + anchor);
        design.anchor = anchor;
        return this;
    }

    /** The replay weight for a user who taught new classes (by default the same as for anyone). */
    public DesignOptions newClassReplayWeight(float weight) {
        if (!(weight >= 0)) throw new IllegalArgumentException("new-class replay weight must be >= 0, got " + weight);
        design.newClassReplayWeight = weight;
        return this;
    }

    public DesignOptions routing(Routing routing) {
        design.routing = routing;
        return this;
    }

    public DesignOptions confidenceCeiling(float ceiling) {
        if (!(ceiling > 0f && ceiling <= 1f)) throw new IllegalArgumentException("confidence ceiling must be in (0, 1], got " + ceiling);
        design.confidenceCeiling = ceiling;
        return this;
    }

    /** No duel: the LE may overrule the GE however unsure it is. */
    public DesignOptions noDuel() {
        design.duel = false;
        return this;
    }

    public DesignOptions guardFolds(int folds) {
        if (folds < 2 || folds > 20) throw new IllegalArgumentException("guard folds must be in 2..20, got " + folds);
        design.guardFolds = folds;
        return this;
    }

    public DesignOptions keepGeTolerance(float errorShare) {
        if (!(errorShare >= 0f && errorShare < 1f)) throw new IllegalArgumentException("keep-GE tolerance must be in [0, 1), got " + errorShare);
        design.keepGeTolerance = errorShare;
        return this;
    }

    public DesignOptions warpStrength(float strength) {
        if (!(strength > 0f && strength <= 3f)) throw new IllegalArgumentException("warp strength must be in (0, 3], got " + strength);
        design.warpStrength = strength;
        return this;
    }

    /** A design as values (NaN new-class replay weight: the same as the replay weight). */
    private static final class Design implements PersonalizationDesign {
        int leEpochs;
        int gnEpochs;
        LeInit leInit;
        float anchor;
        float newClassReplayWeight = Float.NaN;
        Routing routing;
        float confidenceCeiling;
        boolean duel;
        int guardFolds;
        float keepGeTolerance;
        float warpStrength;

        Design(PersonalizationDesign d) {
            leEpochs = d.leEpochs();
            gnEpochs = d.gnEpochs();
            leInit = d.leInit();
            anchor = d.anchor();
            if (d instanceof Design) newClassReplayWeight = ((Design) d).newClassReplayWeight;
            routing = d.routing();
            confidenceCeiling = d.confidenceCeiling();
            duel = d.duel();
            guardFolds = d.guardFolds();
            keepGeTolerance = d.keepGeTolerance();
            warpStrength = d.warpStrength();
        }

        @Override public int leEpochs() { return leEpochs; }
        @Override public int gnEpochs() { return gnEpochs; }
        @Override public LeInit leInit() { return leInit; }
        @Override public float anchor() { return anchor; }
        @Override public float newClassReplayWeight(float replayWeight) { return Float.isNaN(newClassReplayWeight) ? replayWeight : newClassReplayWeight; }
        @Override public Routing routing() { return routing; }
        @Override public float confidenceCeiling() { return confidenceCeiling; }
        @Override public boolean duel() { return duel; }
        @Override public int guardFolds() { return guardFolds; }
        @Override public float keepGeTolerance() { return keepGeTolerance; }
        @Override public float warpStrength() { return warpStrength; }
    }
}

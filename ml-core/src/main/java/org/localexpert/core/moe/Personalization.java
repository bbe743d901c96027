package org.localexpert.core.moe;

import java.util.Locale;

/** The result of one personalization: the mixture and what it cost. */
public final class Personalization {
    private final Mixture mixture;
    private final int userSamples;
    private final int warpedCopies;
    private final int newClasses;
    private final double featureSeconds;
    private final double trainSeconds;
    /** The shipped replay features the mixture was trained beside (for {@link #replayGateShare()}). */
    private final FeatureSet replay;
    // Measured on first ask: the cross-validations' fold models are never asked, and each share runs the head over every row.
    private double userGateShare = Double.NaN, replayGateShare = Double.NaN;
    private final RoutingGuard.Evidence guardEvidence;
    private final RoutingGuard.Choice routingChoice;
    private final FeatureSet taught;
    /** What the mixture was trained on, for {@link Personalizer#unsureCut}. */
    final Personalizer.UserFeatures userFeatures;

    Personalization(Mixture mixture, int userSamples, int warpedCopies, int newClasses, double featureSeconds, double trainSeconds,
                    FeatureSet replay, RoutingGuard.Evidence guardEvidence, RoutingGuard.Choice routingChoice,
                    FeatureSet taught, Personalizer.UserFeatures userFeatures) {
        this.mixture = mixture;
        this.userSamples = userSamples;
        this.warpedCopies = warpedCopies;
        this.newClasses = newClasses;
        this.featureSeconds = featureSeconds;
        this.trainSeconds = trainSeconds;
        this.replay = replay;
        this.guardEvidence = guardEvidence;
        this.routingChoice = routingChoice;
        this.taught = taught;
        this.userFeatures = userFeatures;
    }

    /**
     * The GE features of the user's own samples (not their copies): what the mixture file carries so that its
     * "unsure" rule finds the user's classes familiar ({@code MixtureFile}, issue 18).
     */
    public FeatureSet taughtFeatures() {
        return taught;
    }

    /** What the guard's cross-validation on the user's samples measured (null when no guard ran). */
    public RoutingGuard.Evidence guardEvidence() {
        return guardEvidence;
    }

    /** The routing the mixture was assembled with (the GE only when the guard found the LE harmful). */
    public RoutingGuard.Choice routingChoice() {
        return routingChoice;
    }

    /** True when the guard closed the gate: the GE answers everything. */
    public boolean guardedToGe() {
        return routingChoice != null && routingChoice.geOnly;
    }

    public Mixture mixture() {
        return mixture;
    }

    public int userSamples() {
        return userSamples;
    }

    /** Augmented copies of the user's samples the LE and the gate also learnt from. */
    public int warpedCopies() {
        return warpedCopies;
    }

    /** Classes the user taught that the GE does not know. */
    public int newClasses() {
        return newClasses;
    }

    /** Seconds spent running the frozen GE over the user's samples. */
    public double featureSeconds() {
        return featureSeconds;
    }

    /** Seconds spent training LE and GN and assembling the mixture. */
    public double trainSeconds() {
        return trainSeconds;
    }

    /** GE features + LE + GN: the whole personalization's wall time (replay features are computed once per GE). */
    public double totalSeconds() {
        return featureSeconds + trainSeconds;
    }

    /** Share of the user's own samples the gate sends to the LE. */
    public synchronized double userGateShare() {
        if (Double.isNaN(userGateShare)) userGateShare = Personalizer.gateShare(mixture, userFeatures.rows);
        return userGateShare;
    }

    /** Share of the replay sample the gate sends to the LE (should stay low). */
    public synchronized double replayGateShare() {
        if (Double.isNaN(replayGateShare)) replayGateShare = Personalizer.gateShare(mixture, replay);
        return replayGateShare;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d user samples + %d warped copies (%d new classes) in %.3f s (GE features %.3f s, LE+GN %.3f s); routing: %s%s; gate → LE on %.0f %% of the user's samples, %.0f %% of the replay sample; %s",
                userSamples, warpedCopies, newClasses, totalSeconds(), featureSeconds, trainSeconds, routingChoice,
                guardEvidence == null ? "" : " (guard: " + guardEvidence + ")", 100 * userGateShare(), 100 * replayGateShare(),
                mixture.costSummary());
    }
}

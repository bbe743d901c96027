package org.localexpert.core.moe;

/**
 * How the mixture combines its experts, given the gate g = σ(GN logit) ∈ (0, 1):
 * <ul>
 * <li>{@link #SOFT}: combined = g·LE + (1 − g)·GE — both experts vote, weighted by the gate;</li>
 * <li>{@link #HARD}: the gate's logit is multiplied by {@link #HARD_STEEPNESS} before the logistic,
 * so g is 0 or 1 (to float precision) except within ±{@code 0.03 / HARD_STEEPNESS·30} of the
 * boundary: gate &gt; 0.5 picks the LE's answer, else the GE's. Written with the same layers
 * (FULLY_CONNECTED, LOGISTIC, MUL, SUB, ADD), so it runs on the GPU delegate like the soft form.</li>
 * </ul>
 */
public enum Routing {
    SOFT,
    HARD;

    /** Logit scale that turns the logistic into a step: |logit| ≥ 0.02 already gives g within 2e-9 of 0 or 1. */
    public static final float HARD_STEEPNESS = 1000f;
}

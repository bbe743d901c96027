package org.localexpert.app.inference;

import org.tensorflow.lite.gpu.GpuDelegate;

/**
 * Whether the GPU delegate may compute in half precision. It may not: {@code bench-fp16} (issue 21; the numbers are in
 * the model cards, models/handwriting/README.md and models/plant/README.md, "FP16 (GPU) check") simulated both shipped
 * GEs and personal mixtures with weights and activations rounded to half, as the delegate stores them when precision
 * loss is allowed (its default). The GEs alone stay within the 0.5 % budget (handwriting 0 of 10,000 decisions changed,
 * plant 3 of 619), but personal mixtures do not: in every handwriting mixture whose gate can open, the hard gate's
 * weights (the gating network's, times Routing.HARD_STEEPNESS = 1000) exceed half's largest value, 65504, so every
 * answer came out NaN; and the plant farm mixtures changed their route (GE or LE) on 0.5 % of photos and more (see the
 * cards). So the delegate runs in float32: slower on some GPUs, but it answers what the CPU answers.
 */
final class GpuPrecision {
    /** Issue 21's rule: precision loss only where at most 0.5 % of labels, routes and "unsure" decisions change. */
    static final boolean PRECISION_LOSS_ALLOWED = false;

    private GpuPrecision() {}

    /** {@code options} (the device's best, from CompatibilityList) with precision loss set by {@link #PRECISION_LOSS_ALLOWED}. */
    static GpuDelegate.Options apply(GpuDelegate.Options options) {
        options.setPrecisionLossAllowed(PRECISION_LOSS_ALLOWED);
        return options;
    }
}

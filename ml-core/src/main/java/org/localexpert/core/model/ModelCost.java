package org.localexpert.core.model;

import org.localexpert.core.layer.Conv2D;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.DepthwiseConv2D;

/**
 * Inference cost of a graph in multiply-accumulates (convolutions and dense layers; elementwise
 * ops, pools and softmax are a rounding error next to them). FLOPs ≈ 2 × MACs; ratios are the same.
 * One count for every report (model cards, the mixture's share of the GE), so they agree.
 */
public final class ModelCost {
    private ModelCost() {}

    /** Multiply-accumulates per example of one forward pass in inference mode. */
    public static long macs(Model model) {
        long macs = 0;
        for (Node n : model.nodes()) {
            if (n.isInput()) continue;
            int[] s = n.shape();
            if (n.layer() instanceof Conv2D) {
                Conv2D c = (Conv2D) n.layer();
                macs += (long) s[0] * s[1] * s[2] * c.kernelH() * c.kernelW() * c.inChannels();
            } else if (n.layer() instanceof DepthwiseConv2D) {
                DepthwiseConv2D d = (DepthwiseConv2D) n.layer();
                macs += (long) s[0] * s[1] * s[2] * d.kernelH() * d.kernelW();
            } else if (n.layer() instanceof Dense) {
                Dense d = (Dense) n.layer();
                macs += (long) d.inFeatures() * d.units();
            }
        }
        return macs;
    }
}

package org.localexpert.core.train;

import java.util.Locale;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.BatchNorm;
import org.localexpert.core.layer.Conv2D;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.Dropout;
import org.localexpert.core.layer.Flatten;
import org.localexpert.core.layer.MaxPool2D;
import org.localexpert.core.layer.Padding;
import org.localexpert.core.layer.ReLU;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;

/**
 * LeNet-5-class digit classifiers: two 5×5 convolutions, each followed by ReLU and 2×2 max-pool,
 * then a hidden dense layer, dropout and the 10-way logits. Widths, padding and BatchNorm are
 * configurable so the handwriting recipe can be chosen by measurement (see
 * {@link HandwritingRecipes}); the output is logits — {@link HandwritingRecipes#inferenceModel}
 * adds the softmax for shipping.
 *
 * <p>Layer names are fixed ({@code conv1, bn1, relu1, pool1, conv2, ..., dense1, dropout, logits})
 * because the mixture of experts reads the GE's penultimate features by name:
 * {@link #FEATURES} is the hidden dense layer's output (after ReLU).
 */
public final class LeNet5 {
    /** Node holding the penultimate features (hidden dense layer after ReLU). */
    public static final String FEATURES = "dense1";
    /** Node holding the logits. */
    public static final String LOGITS = "logits";

    private LeNet5() {}

    /** Architecture knobs. */
    public static final class Config {
        final int conv1;
        final int conv2;
        final int hidden;
        final Padding padding;
        final boolean batchNorm;
        final float dropout;

        /**
         * @param conv1     filters of the first 5×5 convolution (LeNet-5: 6, Caffe's LeNet: 20)
         * @param conv2     filters of the second (16 / 50)
         * @param hidden    units of the hidden dense layer (120 / 500)
         * @param padding   SAME keeps 28×28 → 14×14 → 7×7; VALID (the original) gives 24 → 12 → 8 → 4
         * @param batchNorm BatchNorm after each convolution (folded away on export)
         * @param dropout   dropout rate before the logits (0 = none)
         */
        public Config(int conv1, int conv2, int hidden, Padding padding, boolean batchNorm, float dropout) {
            if (conv1 < 1 || conv2 < 1 || hidden < 1) throw new IllegalArgumentException("layer widths must be >= 1");
            this.conv1 = conv1;
            this.conv2 = conv2;
            this.hidden = hidden;
            this.padding = padding;
            this.batchNorm = batchNorm;
            this.dropout = dropout;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "conv5x5x%d-%s%s, pool, conv5x5x%d%s, pool, dense %d, dropout %.2f, dense 10",
                    conv1, padding, batchNorm ? "+BN" : "", conv2, batchNorm ? "+BN" : "", hidden, dropout);
        }
    }

    /** Builds the model for inputs [H, W, 1] and {@code classes} outputs (logits), weights drawn from {@code seed}. */
    public static Model build(Config c, int height, int width, int classes, long seed) {
        Model.Builder b = Model.builder(seed);
        Node x = b.input("image", height, width, 1);
        x = convBlock(b, x, 1, 1, c.conv1, c);
        x = convBlock(b, x, 2, c.conv1, c.conv2, c);
        x = b.add(new Flatten("flatten"), x);
        int flat = x.shape()[0];
        x = b.add(new Dense(FEATURES, flat, c.hidden, Activation.RELU), x);
        if (c.dropout > 0) x = b.add(new Dropout("dropout", c.dropout, seed ^ 0xD80), x);
        x = b.add(new Dense(LOGITS, c.hidden, classes, Activation.NONE), x);
        return b.build(x);
    }

    private static Node convBlock(Model.Builder b, Node x, int i, int in, int out, Config c) {
        if (c.batchNorm) {
            // conv → BN → ReLU: the order BatchNorm folding expects (it then fuses the ReLU too).
            x = b.add(new Conv2D("conv" + i, in, out, 5, 1, c.padding, Activation.NONE), x);
            x = b.add(new BatchNorm("bn" + i, out), x);
            x = b.add(new ReLU("relu" + i), x);
        } else {
            x = b.add(new Conv2D("conv" + i, in, out, 5, 1, c.padding, Activation.RELU), x);
        }
        return b.add(new MaxPool2D("pool" + i, 2, 2, Padding.VALID), x);
    }

    /** Multiply-accumulates of one forward pass per sample (convolutions and dense layers). */
    public static long macs(Model model) {
        long macs = 0;
        for (Node n : model.nodes()) {
            if (n.isInput()) continue;
            if (n.layer() instanceof Conv2D) {
                Conv2D conv = (Conv2D) n.layer();
                int[] s = n.shape();
                macs += (long) s[0] * s[1] * s[2] * conv.kernelH() * conv.kernelW() * conv.inChannels();
            } else if (n.layer() instanceof Dense) {
                Dense d = (Dense) n.layer();
                macs += (long) d.inFeatures() * d.units();
            }
        }
        return macs;
    }
}

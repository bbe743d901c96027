package org.localexpert.cli;

import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.BatchNorm;
import org.localexpert.core.layer.Conv2D;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.DepthwiseConv2D;
import org.localexpert.core.layer.Dropout;
import org.localexpert.core.layer.GlobalAveragePool;
import org.localexpert.core.layer.Padding;
import org.localexpert.core.layer.ReLU6;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;

/**
 * The from-scratch baseline of issue 6 ("measure both starting points"): MobileNet v1 0.25's own
 * shape — a 3×3 stride-2 convolution to 8 channels, 13 depthwise-separable blocks up to 256
 * channels, global average pool, dropout 0.2, dense softmax head — with random weights and a
 * BatchNorm after every convolution, as MobileNet itself was trained (the converter's ImageNet file
 * has them folded away). They fold into the convolutions on export, so the written graph has the
 * transfer model's ops. Input [S, S, 3] in [0, 1], the same photos as the transfer recipe; output
 * {@code logits}.
 */
public final class PlantScratchNetwork {
    /** Output channels and strides of MobileNet v1 0.25's 13 blocks (depthwise stride, pointwise width). */
    static final int[] WIDTHS = {16, 32, 32, 64, 64, 128, 128, 128, 128, 128, 128, 256, 256};
    static final int[] STRIDES = {1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1};
    /** AdamW rate of the from-scratch run (the head rate of the transfer recipe: every weight is new here). */
    public static final double LEARNING_RATE = 3e-3;
    public static final int DEFAULT_EPOCHS = 30;

    private PlantScratchNetwork() {}

    public static Model build(int size, int classes, long seed) {
        Model.Builder b = Model.builder(seed);
        Node x = b.input("image", size, size, 3);
        x = normalized(b, "conv0", b.add(new Conv2D("conv0", 3, 8, 3, 3, 2, 2, Padding.SAME, Activation.NONE, false), x), 8);
        int channels = 8;
        for (int i = 0; i < WIDTHS.length; i++) {
            String block = "block" + (i + 1);
            x = b.add(new DepthwiseConv2D(block + "_dw", channels, 1, 3, 3, STRIDES[i], STRIDES[i], Padding.SAME, Activation.NONE, false), x);
            x = normalized(b, block + "_dw", x, channels);
            x = b.add(new Conv2D(block + "_pw", channels, WIDTHS[i], 1, 1, 1, 1, Padding.SAME, Activation.NONE, false), x);
            x = normalized(b, block + "_pw", x, WIDTHS[i]);
            channels = WIDTHS[i];
        }
        Node pooled = b.add(new GlobalAveragePool("pool"), x);
        Node dropped = b.add(new Dropout("head_dropout", 0.2f, seed), pooled);
        return b.build(b.add(new Dense("logits", channels, classes, Activation.NONE), dropped));
    }

    /** BatchNorm then ReLU6 after the convolution {@code conv} (folded into it on export). */
    private static Node normalized(Model.Builder b, String name, Node conv, int channels) {
        return b.add(new ReLU6(name + "_relu6"), b.add(new BatchNorm(name + "_bn", channels), conv));
    }
}

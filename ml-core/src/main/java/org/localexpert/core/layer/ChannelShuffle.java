package org.localexpert.core.layer;

import org.localexpert.core.tensor.Tensor;

/**
 * ShuffleNet's channel shuffle on NHWC: with g groups of C/g channels, output channel q·g + r is
 * input channel r·(C/g) + q (the reshape [g, C/g] → transpose → flatten of the paper).
 *
 * <p>Why it exports to GPU-delegate ops: the delegate rejects the 5-D reshape/transpose the paper
 * uses. Output block q (channels q·g … q·g+g−1) is input channels q, q+C/g, q+2C/g, …, i.e. one
 * STRIDED_SLICE of the channel axis with begin q and stride C/g. So the shuffle is C/g strided
 * slices and one CONCATENATION — all 4-D, all GPU ops. Use {@code groups = C/2} in ShuffleNet-v2
 * units: then it is just two slices (even channels, odd channels) + concat, and it mixes the two
 * branches exactly like the paper's g = 2 shuffle (it is that permutation's inverse).
 * {@link #permutation()} also lets an exporter write it as a fixed 1×1 CONV_2D instead.
 */
public final class ChannelShuffle implements Layer {
    private final String name;
    private final int channels, groups;
    private final int[] source; // output channel j reads input channel source[j]
    private Tensor output, gradInput;

    public ChannelShuffle(String name, int channels, int groups) {
        if (groups < 1 || channels % groups != 0) {
            throw new IllegalArgumentException(name + ": " + channels + " channels cannot be split into " + groups + " groups");
        }
        this.name = name;
        this.channels = channels;
        this.groups = groups;
        this.source = new int[channels];
        int per = channels / groups;
        for (int q = 0; q < per; q++) {
            for (int r = 0; r < groups; r++) source[q * groups + r] = r * per + q;
        }
    }

    @Override public String name() { return name; }
    public int channels() { return channels; }
    public int groups() { return groups; }

    /** Output channel j = input channel {@code permutation()[j]}. */
    public int[] permutation() {
        return source.clone();
    }

    @Override
    public int[] outputShape(int[]... in) {
        Shapes.requireInputs(name, in, 1);
        return Shapes.requireNhwc(name, in[0], channels).clone();
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        output = Tensor.reuse(output, outputShape(x.shape()));
        float[] xd = x.data(), y = output.data();
        for (int p = 0; p < y.length; p += channels) {
            for (int j = 0; j < channels; j++) y[p + j] = xd[p + source[j]];
        }
        return output;
    }

    @Override
    public Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad) {
        if (!Layer.wants(needInputGrad, 0)) return new Tensor[] {null};
        gradOutput.requireShape(name + " gradient", output.shape());
        gradInput = Tensor.reuse(gradInput, output.shape());
        float[] dy = gradOutput.data(), dx = gradInput.data();
        for (int p = 0; p < dy.length; p += channels) {
            for (int j = 0; j < channels; j++) dx[p + source[j]] = dy[p + j];
        }
        return new Tensor[] {gradInput};
    }

    @Override
    public ChannelShuffle copy(String newName) {
        return new ChannelShuffle(newName, channels, groups);
    }
}

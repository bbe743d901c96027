package org.localexpert.core.layer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.localexpert.core.tensor.Parallel;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;

/**
 * Depthwise convolution (TFLite DEPTHWISE_CONV_2D): each input channel c is convolved with its own
 * {@code multiplier} filters, giving output channels c·multiplier + m. Kernel
 * {@code [1, kH, kW, C·multiplier]}, bias {@code [C·multiplier]}.
 *
 * <p>Computed directly (no im2col — its matrix would be as large as the work itself). Multiplier 1
 * runs a whole output row per kernel tap ({@link DepthwiseRows}, vectorised); larger multipliers
 * go one output pixel at a time. Forward splits output rows across tasks; backward uses a fixed
 * number of sample groups with partial kernel gradients added in group order (bit-identical for
 * any thread count).
 */
public final class DepthwiseConv2D implements Layer {
    private final String name;
    private final int channels, multiplier, kernelH, kernelW, strideH, strideW;
    private final Padding padding;
    private final Activation activation;
    private final Parameter kernel, bias;

    private Tensor input, output, gradPre, gradInput;
    private float[][] kernelGradParts = new float[0][], biasGradParts = new float[0][];
    private int h, w, oH, oW, padTop, padLeft;
    private DepthwiseRows rowForm;

    public DepthwiseConv2D(String name, int channels, int multiplier, int kernel, int stride,
                           Padding padding, Activation activation) {
        this(name, channels, multiplier, kernel, kernel, stride, stride, padding, activation, true);
    }

    public DepthwiseConv2D(String name, int channels, int multiplier, int kernelH, int kernelW, int strideH, int strideW,
                           Padding padding, Activation activation, boolean useBias) {
        if (channels < 1 || multiplier < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException(name + ": channels, multiplier, kernel and stride must be ≥ 1");
        }
        this.name = name;
        this.channels = channels;
        this.multiplier = multiplier;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padding = padding;
        this.activation = activation;
        int out = channels * multiplier;
        this.kernel = new Parameter(name + "/kernel", Tensor.zeros(1, kernelH, kernelW, out), true);
        this.bias = useBias ? new Parameter(name + "/bias", Tensor.zeros(out), false) : null;
    }

    @Override public String name() { return name; }
    public int inChannels() { return channels; }
    public int outChannels() { return channels * multiplier; }
    public int multiplier() { return multiplier; }
    public int kernelH() { return kernelH; }
    public int kernelW() { return kernelW; }
    public int strideH() { return strideH; }
    public int strideW() { return strideW; }
    public Padding padding() { return padding; }
    public Activation activation() { return activation; }
    /** {@code [1, kH, kW, C·multiplier]}. */
    public Parameter kernel() { return kernel; }
    public Parameter bias() { return bias; }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        ps.add(kernel);
        if (bias != null) ps.add(bias);
        return ps;
    }

    @Override
    public void initialize(Random rng) {
        int fanIn = kernelH * kernelW, fanOut = kernelH * kernelW * multiplier;
        Init.forActivation(activation, kernel.value().data(), fanIn, fanOut, rng);
        if (bias != null) bias.value().fill(0f);
    }

    @Override
    public int[] outputShape(int[]... in) {
        Shapes.requireInputs(name, in, 1);
        int[] s = Shapes.requireNhwc(name, in[0], channels);
        int oh = padding.outputSize(s[1], kernelH, strideH), ow = padding.outputSize(s[2], kernelW, strideW);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(name + ": input " + Arrays.toString(s) + " is smaller than the "
                    + kernelH + "x" + kernelW + " kernel with VALID padding");
        }
        return new int[] {s[0], oh, ow, channels * multiplier};
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        int[] outShape = outputShape(inputs[0].shape());
        input = inputs[0];
        output = Tensor.reuse(output, outShape);
        h = input.dim(1);
        w = input.dim(2);
        oH = outShape[1];
        oW = outShape[2];
        padTop = padding.padBefore(h, kernelH, strideH);
        padLeft = padding.padBefore(w, kernelW, strideW);
        int oc = channels * multiplier, rows = outShape[0] * oH;
        float[] x = input.data(), y = output.data(), k = kernel.value().data();
        float[] b = bias == null ? null : bias.value().data();
        if (rowPath()) {
            rowsFor().forward(outShape[0], x, k, b, y, activation);
            return output;
        }
        Parallel par = Parallel.current();
        int tasks = Parallel.tasksFor((long) output.size() * kernelH * kernelW, Parallel.GRAIN, 4 * par.threads());
        par.run(tasks, (t, worker) -> {
            for (int r = rows * t / tasks, r1 = rows * (t + 1) / tasks; r < r1; r++) {
                int n = r / oH, oy = r - n * oH;
                for (int ox = 0; ox < oW; ox++) {
                    int o = ((n * oH + oy) * oW + ox) * oc;
                    if (b != null) System.arraycopy(b, 0, y, o, oc); else Arrays.fill(y, o, o + oc, 0f);
                    for (int ky = 0; ky < kernelH; ky++) {
                        int iy = oy * strideH - padTop + ky;
                        if (iy < 0 || iy >= h) continue;
                        for (int kx = 0; kx < kernelW; kx++) {
                            int ix = ox * strideW - padLeft + kx;
                            if (ix < 0 || ix >= w) continue;
                            int i = ((n * h + iy) * w + ix) * channels, kk = (ky * kernelW + kx) * oc;
                            if (multiplier == 1) {
                                for (int c = 0; c < channels; c++) y[o + c] += x[i + c] * k[kk + c];
                            } else {
                                for (int c = 0; c < channels; c++) {
                                    float xv = x[i + c];
                                    int base = c * multiplier;
                                    for (int m = 0; m < multiplier; m++) y[o + base + m] += xv * k[kk + base + m];
                                }
                            }
                        }
                    }
                }
                activation.apply(y, r * oW * oc, oW * oc);
            }
        });
        return output;
    }

    @Override
    public Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad) {
        gradOutput.requireShape(name + " gradient", output.shape());
        boolean trainKernel = !kernel.frozen(), trainBias = bias != null && !bias.frozen();
        boolean needX = Layer.wants(needInputGrad, 0);
        if (!trainKernel && !trainBias && !needX) return new Tensor[] {null};
        float[] dy = gradOutput.data();
        if (activation != Activation.NONE) {
            gradPre = Tensor.reuse(gradPre, output.shape());
            activation.backward(output.data(), dy, gradPre.data(), 0, dy.length);
            dy = gradPre.data();
        }
        int n = input.dim(0), oc = channels * multiplier;
        if (needX) {
            gradInput = Tensor.reuse(gradInput, input.shape());
            gradInput.fill(0f);
        }
        int groups = Math.min(n, Conv2D.GRAD_GROUPS);
        int kSize = kernelH * kernelW * oc;
        if (kernelGradParts.length < groups || kernelGradParts[0].length != kSize) kernelGradParts = new float[groups][kSize];
        if (biasGradParts.length < groups || biasGradParts[0].length != oc) biasGradParts = new float[groups][oc];
        float[] x = input.data(), k = kernel.value().data(), dyf = dy;
        float[] dx = needX ? gradInput.data() : null;
        if (rowPath()) {
            rowsFor().backward(n, x, dyf, k, trainKernel, trainBias, dx, groups, kernelGradParts, biasGradParts);
        } else {
            backwardPerPixel(n, x, k, dyf, dx, groups, trainKernel, trainBias);
        }
        for (int g = 0; g < groups; g++) {
            if (trainKernel) add(kernel.grad().data(), kernelGradParts[g]);
            if (trainBias) add(bias.grad().data(), biasGradParts[g]);
        }
        return new Tensor[] {dx == null ? null : gradInput};
    }

    /** Multiplier 1: the vectorised row-at-a-time form (see DepthwiseRows). */
    private boolean rowPath() {
        return multiplier == 1;
    }

    private DepthwiseRows rowsFor() {
        if (rowForm == null || !rowForm.fits(h, w, oH, oW)) {
            rowForm = new DepthwiseRows(h, w, channels, oH, oW, kernelH, kernelW, strideH, strideW, padTop, padLeft);
        }
        return rowForm;
    }

    /** The general form (any multiplier): one output pixel at a time. */
    private void backwardPerPixel(int n, float[] x, float[] k, float[] dyf, float[] dx, int groups,
                                  boolean trainKernel, boolean trainBias) {
        int oc = channels * multiplier;
        Parallel.current().run(groups, (g, worker) -> {
            float[] dW = kernelGradParts[g], dB = biasGradParts[g];
            if (trainKernel) Arrays.fill(dW, 0f);
            if (trainBias) Arrays.fill(dB, 0f);
            for (int s = n * g / groups, s1 = n * (g + 1) / groups; s < s1; s++) {
                for (int oy = 0; oy < oH; oy++) {
                    for (int ox = 0; ox < oW; ox++) {
                        int o = ((s * oH + oy) * oW + ox) * oc;
                        if (trainBias) for (int c = 0; c < oc; c++) dB[c] += dyf[o + c];
                        for (int ky = 0; ky < kernelH; ky++) {
                            int iy = oy * strideH - padTop + ky;
                            if (iy < 0 || iy >= h) continue;
                            for (int kx = 0; kx < kernelW; kx++) {
                                int ix = ox * strideW - padLeft + kx;
                                if (ix < 0 || ix >= w) continue;
                                int i = ((s * h + iy) * w + ix) * channels, kk = (ky * kernelW + kx) * oc;
                                if (multiplier == 1) {
                                    if (trainKernel) for (int c = 0; c < channels; c++) dW[kk + c] += dyf[o + c] * x[i + c];
                                    if (dx != null) for (int c = 0; c < channels; c++) dx[i + c] += dyf[o + c] * k[kk + c];
                                } else {
                                    for (int c = 0; c < channels; c++) {
                                        int base = c * multiplier;
                                        float xv = x[i + c], acc = 0f;
                                        for (int m = 0; m < multiplier; m++) {
                                            float gv = dyf[o + base + m];
                                            if (trainKernel) dW[kk + base + m] += gv * xv;
                                            acc += gv * k[kk + base + m];
                                        }
                                        if (dx != null) dx[i + c] += acc;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    private static void add(float[] into, float[] part) {
        for (int i = 0; i < into.length; i++) into[i] += part[i];
    }

    @Override
    public DepthwiseConv2D copy(String newName) {
        DepthwiseConv2D d = new DepthwiseConv2D(newName, channels, multiplier, kernelH, kernelW, strideH, strideW,
                padding, activation, bias != null);
        d.kernel.setFrozen(kernel.frozen());
        System.arraycopy(kernel.value().data(), 0, d.kernel.value().data(), 0, kernel.value().size());
        if (bias != null) {
            d.bias.setFrozen(bias.frozen());
            System.arraycopy(bias.value().data(), 0, d.bias.value().data(), 0, bias.value().size());
        }
        return d;
    }

    @Override
    public String toString() {
        return "DepthwiseConv2D(" + name + ", " + channels + "x" + multiplier + ", " + kernelH + "x" + kernelW
                + "/" + strideH + "x" + strideW + ", " + padding + ", " + activation + ")";
    }
}

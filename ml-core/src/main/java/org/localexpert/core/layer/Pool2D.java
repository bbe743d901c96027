package org.localexpert.core.layer;

import java.util.Arrays;
import org.localexpert.core.tensor.Parallel;
import org.localexpert.core.tensor.Tensor;

/**
 * What max and average pooling share: a pool window sliding over NHWC input with TFLite's padding
 * rule, channels pooled independently. Padding cells never take part (TFLite ignores them too).
 *
 * <p>Forward is split by output rows; backward by whole samples, so every input gradient element
 * is written by one task, in a fixed order.
 */
public abstract class Pool2D implements Layer {
    protected final String name;
    protected final int poolH, poolW, strideH, strideW;
    protected final Padding padding;

    protected Tensor input, output, gradInput;
    protected int h, w, c, oH, oW, padTop, padLeft;

    protected Pool2D(String name, int poolH, int poolW, int strideH, int strideW, Padding padding) {
        if (poolH < 1 || poolW < 1 || strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException(name + ": pool size and stride must be ≥ 1");
        }
        this.name = name;
        this.poolH = poolH;
        this.poolW = poolW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padding = padding;
    }

    @Override public String name() { return name; }
    public int poolH() { return poolH; }
    public int poolW() { return poolW; }
    public int strideH() { return strideH; }
    public int strideW() { return strideW; }
    public Padding padding() { return padding; }

    @Override
    public int[] outputShape(int[]... in) {
        Shapes.requireInputs(name, in, 1);
        int[] s = Shapes.requireNhwc(name, in[0], -1);
        int oh = padding.outputSize(s[1], poolH, strideH), ow = padding.outputSize(s[2], poolW, strideW);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(name + ": input " + Arrays.toString(s) + " is smaller than the "
                    + poolH + "x" + poolW + " pool with VALID padding");
        }
        return new int[] {s[0], oh, ow, s[3]};
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        int[] outShape = outputShape(inputs[0].shape());
        input = inputs[0];
        output = Tensor.reuse(output, outShape);
        h = input.dim(1);
        w = input.dim(2);
        c = input.dim(3);
        oH = outShape[1];
        oW = outShape[2];
        padTop = padding.padBefore(h, poolH, strideH);
        padLeft = padding.padBefore(w, poolW, strideW);
        prepareForward();
        int rows = outShape[0] * oH;
        Parallel par = Parallel.current();
        int tasks = Parallel.tasksFor((long) rows * oW * c * poolH * poolW, Parallel.GRAIN, 4 * par.threads());
        par.run(tasks, (t, worker) -> {
            for (int r = rows * t / tasks, r1 = rows * (t + 1) / tasks; r < r1; r++) {
                int n = r / oH, oy = r - n * oH;
                for (int ox = 0; ox < oW; ox++) forwardPixel(n, oy, ox);
            }
        });
        return output;
    }

    @Override
    public Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad) {
        if (!Layer.wants(needInputGrad, 0)) return new Tensor[] {null};
        gradOutput.requireShape(name + " gradient", output.shape());
        gradInput = Tensor.reuse(gradInput, input.shape());
        gradInput.fill(0f);
        int n = input.dim(0);
        float[] dy = gradOutput.data();
        Parallel par = Parallel.current();
        int tasks = Parallel.tasksFor(gradOutput.size(), Parallel.GRAIN, Math.min(n, 4 * par.threads()));
        par.run(tasks, (t, worker) -> {
            for (int s = n * t / tasks, s1 = n * (t + 1) / tasks; s < s1; s++) {
                for (int oy = 0; oy < oH; oy++) {
                    for (int ox = 0; ox < oW; ox++) backwardPixel(s, oy, ox, dy);
                }
            }
        });
        return new Tensor[] {gradInput};
    }

    /** Called once per forward before the pixels, e.g. to size an index buffer. */
    protected void prepareForward() {}

    /** Computes all channels of output pixel (n, oy, ox). */
    protected abstract void forwardPixel(int n, int oy, int ox);

    /** Adds output pixel (n, oy, ox)'s gradient onto {@code gradInput}. */
    protected abstract void backwardPixel(int n, int oy, int ox, float[] dy);

    /** First input row of the window of output row oy (may be negative: padding). */
    protected int windowTop(int oy) {
        return oy * strideH - padTop;
    }

    protected int windowLeft(int ox) {
        return ox * strideW - padLeft;
    }
}

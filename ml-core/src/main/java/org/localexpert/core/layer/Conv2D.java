package org.localexpert.core.layer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.localexpert.core.tensor.Gemm;
import org.localexpert.core.tensor.Parallel;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;

/**
 * 2-D convolution on NHWC input, TFLite CONV_2D: kernel {@code [outC, kH, kW, inC]}, bias
 * {@code [outC]}, stride, SAME/VALID padding, optional fused ReLU/ReLU6.
 *
 * <p>How it is computed: im2col + GEMM. Each output pixel (a "row", M = N·oH·oW of them) needs the
 * kH·kW·inC input values under the kernel (its patch). We copy a block of patches into a scratch
 * matrix {@code cols [rows, K]} and multiply by the kernel viewed as {@code [outC, K]}:
 * <pre>
 *   forward:  out[rows, outC]   = cols · Wᵀ          (+ bias, activation)
 *   backward: dW[outC, K]      += dOutᵀ · cols        (weight gradient)
 *             dCols[rows, K]    = dOut · W   → scattered back onto dX ("col2im")
 * </pre>
 * A 1×1 stride-1 convolution needs no im2col: the input already is {@code cols}.
 *
 * <p>Parallel split: forward by blocks of output rows (each output written by one task). Backward
 * by groups of whole samples — a fixed number of groups that depends only on the batch size — each
 * with its own partial dW; partials are added in group order afterwards, so gradients are
 * bit-identical for any thread count.
 */
public final class Conv2D implements Layer {
    /** Backward splits the batch into at most this many sample groups (fixed: thread count must not matter). */
    static final int GRAD_GROUPS = 8;

    private final String name;
    private final int inChannels, outChannels, kernelH, kernelW, strideH, strideW;
    private final Padding padding;
    private final Activation activation;
    private final Parameter kernel, bias;

    // Cached by forward for backward, and reusable buffers.
    private Tensor input, output, gradPre, gradInput;
    private float[] kernelT = new float[0];
    private float[][] cols = new float[0][], gradCols = new float[0][];
    private float[][] kernelGradParts = new float[0][], biasGradParts = new float[0][];
    private int oH, oW, padTop, padLeft;

    /** Square kernel and stride, with bias. */
    public Conv2D(String name, int inChannels, int outChannels, int kernel, int stride,
                  Padding padding, Activation activation) {
        this(name, inChannels, outChannels, kernel, kernel, stride, stride, padding, activation, true);
    }

    public Conv2D(String name, int inChannels, int outChannels, int kernelH, int kernelW, int strideH, int strideW,
                  Padding padding, Activation activation, boolean useBias) {
        if (inChannels < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException(name + ": channels, kernel and stride must be ≥ 1");
        }
        this.name = name;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padding = padding;
        this.activation = activation;
        this.kernel = new Parameter(name + "/kernel", Tensor.zeros(outChannels, kernelH, kernelW, inChannels), true);
        this.bias = useBias ? new Parameter(name + "/bias", Tensor.zeros(outChannels), false) : null;
    }

    @Override public String name() { return name; }
    public int inChannels() { return inChannels; }
    public int outChannels() { return outChannels; }
    public int kernelH() { return kernelH; }
    public int kernelW() { return kernelW; }
    public int strideH() { return strideH; }
    public int strideW() { return strideW; }
    public Padding padding() { return padding; }
    public Activation activation() { return activation; }
    /** {@code [outC, kH, kW, inC]}. */
    public Parameter kernel() { return kernel; }
    /** {@code [outC]}, or null when the layer has no bias. */
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
        int fanIn = kernelH * kernelW * inChannels, fanOut = kernelH * kernelW * outChannels;
        Init.forActivation(activation, kernel.value().data(), fanIn, fanOut, rng);
        if (bias != null) bias.value().fill(0f);
    }

    @Override
    public int[] outputShape(int[]... in) {
        Shapes.requireInputs(name, in, 1);
        int[] s = Shapes.requireNhwc(name, in[0], inChannels);
        int h = padding.outputSize(s[1], kernelH, strideH), w = padding.outputSize(s[2], kernelW, strideW);
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException(name + ": input " + Arrays.toString(s) + " is smaller than the "
                    + kernelH + "x" + kernelW + " kernel with VALID padding");
        }
        return new int[] {s[0], h, w, outChannels};
    }

    private boolean pointwise() {
        return kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1;
    }

    private int patchSize() {
        return kernelH * kernelW * inChannels;
    }

    /** Rows per im2col block: the block (rows × K floats) stays around 64 KB, in L2. */
    private int blockRows() {
        return Math.max(8, Math.min(256, 16384 / patchSize()));
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        int[] outShape = outputShape(inputs[0].shape());
        input = inputs[0];
        output = Tensor.reuse(output, outShape);
        int h = input.dim(1), w = input.dim(2);
        oH = outShape[1];
        oW = outShape[2];
        padTop = padding.padBefore(h, kernelH, strideH);
        padLeft = padding.padBefore(w, kernelW, strideW);
        int k = patchSize();
        if (kernelT.length != k * outChannels) kernelT = new float[k * outChannels];
        Gemm.transpose(kernel.value().data(), outChannels, k, kernelT); // Wᵀ [K, outC] for the axpy GEMM

        Parallel par = Parallel.current();
        int m = outShape[0] * oH * oW;
        int block = blockRows();
        ensureScratch(par.threads(), block, k, false);
        int tasks = Parallel.tasksFor(m, block, 4 * par.threads());
        float[] x = input.data(), y = output.data();
        float[] b = bias == null ? null : bias.value().data();
        par.run(tasks, (t, worker) -> {
            int r0 = (int) ((long) m * t / tasks), r1 = (int) ((long) m * (t + 1) / tasks);
            for (int rb = r0; rb < r1; rb += block) {
                int rows = Math.min(block, r1 - rb);
                if (pointwise()) {
                    Gemm.nn(rows, outChannels, k, x, rb * k, k, kernelT, 0, outChannels, y, rb * outChannels, outChannels, false);
                } else {
                    im2col(x, h, w, rb, rows, cols[worker]);
                    Gemm.nn(rows, outChannels, k, cols[worker], 0, k, kernelT, 0, outChannels, y, rb * outChannels, outChannels, false);
                }
                int o = rb * outChannels;
                if (b != null) {
                    for (int r = 0; r < rows; r++, o += outChannels) {
                        for (int c = 0; c < outChannels; c++) y[o + c] += b[c];
                    }
                }
                activation.apply(y, rb * outChannels, rows * outChannels);
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
        int n = input.dim(0), h = input.dim(1), w = input.dim(2), k = patchSize();
        if (needX) {
            gradInput = Tensor.reuse(gradInput, input.shape());
            gradInput.fill(0f);
        }
        Parallel par = Parallel.current();
        int block = blockRows();
        int groups = Math.min(n, GRAD_GROUPS);
        ensureScratch(par.threads(), block, k, needX);
        ensureGradParts(groups, trainKernel ? outChannels * k : 0, trainBias ? outChannels : 0);
        float[] x = input.data(), wgt = kernel.value().data(), dyf = dy;
        float[] dx = needX ? gradInput.data() : null;
        int rowsPerSample = oH * oW;
        par.run(groups, (g, worker) -> {
            int n0 = n * g / groups, n1 = n * (g + 1) / groups;
            float[] dW = trainKernel ? kernelGradParts[g] : null, dB = trainBias ? biasGradParts[g] : null;
            if (dW != null) Arrays.fill(dW, 0f);
            if (dB != null) Arrays.fill(dB, 0f);
            int r1 = n1 * rowsPerSample;
            for (int rb = n0 * rowsPerSample; rb < r1; rb += block) {
                int rows = Math.min(block, r1 - rb);
                float[] a = x;
                int aOff = rb * k;
                if (!pointwise() && (dW != null)) {
                    im2col(x, h, w, rb, rows, cols[worker]);
                    a = cols[worker];
                    aOff = 0;
                }
                if (dW != null) Gemm.tn(rows, outChannels, k, dyf, rb * outChannels, outChannels, a, aOff, k, dW, 0, k);
                if (dB != null) {
                    for (int r = 0, o = rb * outChannels; r < rows; r++, o += outChannels) {
                        for (int c = 0; c < outChannels; c++) dB[c] += dyf[o + c];
                    }
                }
                if (dx != null) {
                    if (pointwise()) {
                        Gemm.nn(rows, k, outChannels, dyf, rb * outChannels, outChannels, wgt, 0, k, dx, rb * k, k, false);
                    } else {
                        Gemm.nn(rows, k, outChannels, dyf, rb * outChannels, outChannels, wgt, 0, k, gradCols[worker], 0, k, false);
                        col2im(gradCols[worker], h, w, rb, rows, dx);
                    }
                }
            }
        });
        // Combine the per-group partial sums in group order: the same bits for any thread count.
        for (int g = 0; g < groups; g++) {
            if (trainKernel) add(kernel.grad().data(), kernelGradParts[g]);
            if (trainBias) add(bias.grad().data(), biasGradParts[g]);
        }
        return new Tensor[] {dx == null ? null : gradInput};
    }

    static void add(float[] into, float[] part) {
        for (int i = 0; i < into.length; i++) into[i] += part[i];
    }

    /** Copies the patches of output rows [r0, r0+rows) into {@code dst [rows, kH·kW·inC]} (zeros for padding). */
    private void im2col(float[] x, int h, int w, int r0, int rows, float[] dst) {
        int k = patchSize(), perImage = oH * oW;
        for (int r = 0; r < rows; r++) {
            int row = r0 + r, n = row / perImage, rem = row - n * perImage, oy = rem / oW, ox = rem - oy * oW;
            int d = r * k;
            for (int ky = 0; ky < kernelH; ky++) {
                int iy = oy * strideH - padTop + ky;
                for (int kx = 0; kx < kernelW; kx++, d += inChannels) {
                    int ix = ox * strideW - padLeft + kx;
                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                        Arrays.fill(dst, d, d + inChannels, 0f);
                    } else {
                        System.arraycopy(x, ((n * h + iy) * w + ix) * inChannels, dst, d, inChannels);
                    }
                }
            }
        }
    }

    /** The transpose of im2col: adds each patch gradient back onto the input pixels it came from. */
    private void col2im(float[] src, int h, int w, int r0, int rows, float[] dx) {
        int k = patchSize(), perImage = oH * oW;
        for (int r = 0; r < rows; r++) {
            int row = r0 + r, n = row / perImage, rem = row - n * perImage, oy = rem / oW, ox = rem - oy * oW;
            int s = r * k;
            for (int ky = 0; ky < kernelH; ky++) {
                int iy = oy * strideH - padTop + ky;
                for (int kx = 0; kx < kernelW; kx++, s += inChannels) {
                    int ix = ox * strideW - padLeft + kx;
                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                    int d = ((n * h + iy) * w + ix) * inChannels;
                    for (int c = 0; c < inChannels; c++) dx[d + c] += src[s + c];
                }
            }
        }
    }

    private void ensureScratch(int threads, int block, int k, boolean needGradCols) {
        if (pointwise()) return;
        if (cols.length < threads || cols[0].length != block * k) {
            cols = new float[threads][block * k];
        }
        if (needGradCols && (gradCols.length < threads || gradCols[0].length != block * k)) {
            gradCols = new float[threads][block * k];
        }
    }

    private void ensureGradParts(int groups, int kernelSize, int biasSize) {
        if (kernelGradParts.length < groups || (kernelSize > 0 && kernelGradParts[0].length != kernelSize)) {
            kernelGradParts = new float[groups][kernelSize];
        }
        if (biasGradParts.length < groups || (biasSize > 0 && biasGradParts[0].length != biasSize)) {
            biasGradParts = new float[groups][biasSize];
        }
    }

    @Override
    public Conv2D copy(String newName) {
        Conv2D c = new Conv2D(newName, inChannels, outChannels, kernelH, kernelW, strideH, strideW, padding, activation, bias != null);
        c.kernel.setFrozen(kernel.frozen());
        System.arraycopy(kernel.value().data(), 0, c.kernel.value().data(), 0, kernel.value().size());
        if (bias != null) {
            c.bias.setFrozen(bias.frozen());
            System.arraycopy(bias.value().data(), 0, c.bias.value().data(), 0, bias.value().size());
        }
        return c;
    }

    @Override
    public String toString() {
        return "Conv2D(" + name + ", " + inChannels + "->" + outChannels + ", " + kernelH + "x" + kernelW
                + "/" + strideH + "x" + strideW + ", " + padding + ", " + activation + ")";
    }
}

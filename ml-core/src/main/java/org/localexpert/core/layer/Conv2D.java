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
 * matrix, stored transposed as {@code colsᵀ [K, rows]}, and multiply by the kernel viewed as
 * {@code W [outC, K]}:
 * <pre>
 *   forward:  outᵀ[outC, rows]  = W · colsᵀ                           (then back to NHWC, + bias, activation)
 *   backward: dW[outC, K]      += dOutᵀ · cols      (or dWᵀ[K, outC] += colsᵀ · dOut when outC &gt; K)
 *             dCols[rows, K]    = dOut · W          (or dColsᵀ[K, rows] = Wᵀ · dOutᵀ when K &lt; 64)
 *             dX               += col2im(dCols)     (each patch gradient added back onto its pixels)
 * </pre>
 * Each product is arranged so that its innermost loop runs along the longest contiguous axis at
 * hand: HotSpot only vectorises loops long enough to fill its unrolled SIMD body, so a 6- or
 * 24-long inner loop (outC in LeNet, K of a 1×1 conv on 24 channels) runs scalar. Measured on
 * LeNet-5 and a ShuffleNet-style unit, these choices beat any single layout.
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
    // Per-worker scratch, packed as row arrays (see Gemm): patches in both layouts, the patch gradient
    // and an output block in [outC][rows] layout; per-group partial gradients; the kernel as rows.
    private float[][][] patchesT = new float[0][][], outputT = new float[0][][], patches = new float[0][][], gradPatches = new float[0][][];
    private float[][][] outputRows = new float[0][][];
    private float[] kernelFlatT = new float[0];
    private float[][][] kernelGradParts = new float[0][][], biasGradParts = new float[0][][];
    private float[][] kernelRows;
    private Patches patchGeometry;

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

    private int patchSize() {
        return kernelH * kernelW * inChannels;
    }

    /** Output rows per block: long enough to vectorise well, small enough that a block of patches (K × rows) stays in L2. */
    private int blockRows() {
        return Math.max(64, Math.min(512, 32768 / patchSize()));
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        int[] outShape = outputShape(inputs[0].shape());
        input = inputs[0];
        output = Tensor.reuse(output, outShape);
        if (patchGeometry == null || !patchGeometry.sameAs(input.dim(1), input.dim(2))) {
            patchGeometry = new Patches(input.dim(1), input.dim(2), inChannels, kernelH, kernelW, strideH, strideW, padding);
        }
        Patches geo = patchGeometry;
        int k = patchSize();
        Parallel par = Parallel.current();
        int m = outShape[0] * geo.oH * geo.oW;
        int block = blockRows();
        ensureScratch(par.threads(), block, k);
        int tasks = Parallel.tasksFor(m, block, 4 * par.threads());
        float[] x = input.data(), y = output.data(), wgt = kernel.value().data();
        float[] b = bias == null ? null : bias.value().data();
        par.run(tasks, (t, worker) -> {
            int r0 = (int) ((long) m * t / tasks), r1 = (int) ((long) m * (t + 1) / tasks);
            float[][] colsT = patchesT[worker], outT = outputT[worker];
            for (int rb = r0; rb < r1; rb += block) {
                int rows = Math.min(block, r1 - rb);
                geo.im2colT(x, rb, rows, colsT);
                // outᵀ[outC][rows] = W[outC, K] · colsᵀ[K][rows]: the long "rows" axis is innermost
                Gemm.nn(outChannels, rows, k, wgt, 0, k, colsT, outT, false);
                for (int r = 0; r < rows; r++) {
                    int o = (rb + r) * outChannels;
                    for (int c = 0; c < outChannels; c++) y[o + c] = outT[c][r] + (b == null ? 0f : b[c]);
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
        int n = input.dim(0), k = patchSize();
        Patches geo = patchGeometry;
        // Each product runs its innermost loop along the longest axis available (see the class comment).
        boolean weightGradByK = k >= outChannels;   // dW[outC][K] rows, else dWᵀ[K][outC] rows
        boolean inputGradByK = k >= 64;              // dCols[rows][K], else dColsᵀ[K][rows]
        if (needX) {
            gradInput = Tensor.reuse(gradInput, input.shape());
            gradInput.fill(0f);
            if (inputGradByK) kernelRows = Gemm.packRows(kernel.value().data(), 0, outChannels, k, kernelRows);
        }
        Parallel par = Parallel.current();
        int block = blockRows();
        int groups = Math.min(n, GRAD_GROUPS);
        ensureScratch(par.threads(), block, k);
        if (trainKernel) {
            kernelGradParts = weightGradByK ? ensureParts(kernelGradParts, groups, outChannels, k)
                    : ensureParts(kernelGradParts, groups, k, outChannels);
        }
        if (trainBias) biasGradParts = ensureParts(biasGradParts, groups, 1, outChannels);
        float[] x = input.data(), dyf = dy;
        float[] dx = needX ? gradInput.data() : null;
        float[] kernelFlatT = needX && !inputGradByK ? transposedKernel(k) : null;
        int rowsPerSample = geo.oH * geo.oW;
        par.run(groups, (g, worker) -> {
            int n0 = n * g / groups, n1 = n * (g + 1) / groups;
            float[][] dW = trainKernel ? kernelGradParts[g] : null;
            float[] dB = trainBias ? biasGradParts[g][0] : null;
            if (dW != null) for (float[] row : dW) Arrays.fill(row, 0f);
            if (dB != null) Arrays.fill(dB, 0f);
            float[][] cols = patches[worker], dCols = gradPatches[worker], dOutT = outputT[worker], dColsT = patchesT[worker];
            float[][] dOutRows = outputRows[worker];
            int r1 = n1 * rowsPerSample;
            for (int rb = n0 * rowsPerSample; rb < r1; rb += block) {
                int rows = Math.min(block, r1 - rb);
                if (dW != null) {
                    geo.im2col(x, rb, rows, cols);
                    if (weightGradByK) {
                        // dW[outC][K] += dOut[rows, outC]ᵀ · cols[rows][K]
                        Gemm.tn(rows, 0, outChannels, k, dyf, rb * outChannels, outChannels, cols, dW);
                    } else {
                        // dWᵀ[K][outC] += cols[rows][K]ᵀ · dOut[rows][outC]
                        Gemm.packRows(dyf, rb * outChannels, rows, outChannels, dOutRows);
                        Gemm.tn(rows, 0, k, outChannels, cols, dOutRows, dW);
                    }
                }
                if (dB != null) {
                    for (int r = 0, o = rb * outChannels; r < rows; r++, o += outChannels) {
                        for (int c = 0; c < outChannels; c++) dB[c] += dyf[o + c];
                    }
                }
                if (dx != null) {
                    if (inputGradByK) {
                        // dCols[rows][K] = dOut[rows, outC] · W[outC][K], then scattered back onto the pixels
                        Gemm.nn(rows, k, outChannels, dyf, rb * outChannels, outChannels, kernelRows, dCols, false);
                        geo.col2im(dCols, rb, rows, dx);
                    } else {
                        // dColsᵀ[K][rows] = Wᵀ[K, outC] · dOutᵀ[outC][rows]
                        for (int r = 0, o = rb * outChannels; r < rows; r++, o += outChannels) {
                            for (int c = 0; c < outChannels; c++) dOutT[c][r] = dyf[o + c];
                        }
                        Gemm.nn(k, rows, outChannels, kernelFlatT, 0, outChannels, dOutT, dColsT, false);
                        geo.col2imT(dColsT, rb, rows, dx);
                    }
                }
            }
        });
        // Combine the per-group partial sums in group order: the same bits for any thread count.
        for (int g = 0; g < groups; g++) {
            if (trainKernel && weightGradByK) addRows(kernel.grad().data(), kernelGradParts[g], outChannels, k);
            if (trainKernel && !weightGradByK) addRowsTransposed(kernel.grad().data(), kernelGradParts[g], k, outChannels);
            if (trainBias) addRows(bias.grad().data(), biasGradParts[g], 1, outChannels);
        }
        return new Tensor[] {dx == null ? null : gradInput};
    }

    /** into[r*cols + c] += part[r][c]. */
    static void addRows(float[] into, float[][] part, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            float[] p = part[r];
            for (int c = 0, o = r * cols; c < cols; c++) into[o + c] += p[c];
        }
    }

    /** into[c*rows + r] += part[r][c]: adds a transposed partial. */
    static void addRowsTransposed(float[] into, float[][] part, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            float[] p = part[r];
            for (int c = 0; c < cols; c++) into[c * rows + r] += p[c];
        }
    }

    /** The kernel as a flat [K, outC] matrix (Wᵀ), reusing a buffer. */
    private float[] transposedKernel(int k) {
        if (kernelFlatT.length != k * outChannels) kernelFlatT = new float[k * outChannels];
        float[] wv = kernel.value().data();
        for (int o = 0; o < outChannels; o++) {
            for (int i = 0; i < k; i++) kernelFlatT[i * outChannels + o] = wv[o * k + i];
        }
        return kernelFlatT;
    }

    /** groups × rows × cols partial-sum buffers, reused when the shape is unchanged. */
    static float[][][] ensureParts(float[][][] parts, int groups, int rows, int cols) {
        if (parts.length >= groups && parts.length > 0 && parts[0].length == rows && parts[0][0].length == cols) return parts;
        return new float[Math.max(groups, parts.length)][rows][cols];
    }

    private void ensureScratch(int threads, int block, int k) {
        if (patchesT.length < threads || patchesT[0].length != k || patchesT[0][0].length != block) {
            patchesT = new float[threads][k][block];
            outputT = new float[threads][outChannels][block];
            patches = new float[threads][block][k];
            gradPatches = new float[threads][block][k];
            outputRows = new float[threads][block][outChannels];
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

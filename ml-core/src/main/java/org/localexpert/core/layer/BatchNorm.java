package org.localexpert.core.layer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.localexpert.core.tensor.Parallel;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;

/**
 * Batch normalisation over the last axis (channels of NHWC, features of [N, F]):
 * y = gamma · (x − mean) / sqrt(var + eps) + beta.
 *
 * <p>Training uses the batch's mean and (biased) variance and moves the running averages towards
 * them: running = momentum · running + (1 − momentum) · batch, with the unbiased variance for the
 * running one. Inference (and a frozen BatchNorm) uses the running averages — then the layer is a
 * per-channel affine map, which {@code Model.foldBatchNorm()} folds into the preceding conv/dense.
 * Defaults follow Keras: momentum 0.99, eps 1e-3.
 *
 * <p>Sums over the batch use a fixed number of row groups (from the shape only) with double
 * partials added in group order: bit-identical for any thread count.
 */
public final class BatchNorm implements Layer {
    private final String name;
    private final int channels;
    private final float momentum, epsilon;
    private final Parameter gamma, beta;
    private final Tensor movingMean, movingVariance;

    private Tensor output, normalized, gradInput;
    private final float[] invStd, mean;
    private boolean trainedForward;
    private double[][] partA = new double[0][], partB = new double[0][];

    public BatchNorm(String name, int channels) {
        this(name, channels, 0.99f, 1e-3f);
    }

    public BatchNorm(String name, int channels, float momentum, float epsilon) {
        if (channels < 1) throw new IllegalArgumentException(name + ": channels must be ≥ 1");
        this.name = name;
        this.channels = channels;
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.gamma = new Parameter(name + "/gamma", Tensor.zeros(channels), false);
        this.beta = new Parameter(name + "/beta", Tensor.zeros(channels), false);
        this.movingMean = Tensor.zeros(channels);
        this.movingVariance = Tensor.zeros(channels);
        gamma.value().fill(1f);
        movingVariance.fill(1f);
        invStd = new float[channels];
        mean = new float[channels];
    }

    @Override public String name() { return name; }
    public int channels() { return channels; }
    public float momentum() { return momentum; }
    public float epsilon() { return epsilon; }
    public Parameter gamma() { return gamma; }
    public Parameter beta() { return beta; }
    /** Running mean (live tensor). */
    public Tensor movingMean() { return movingMean; }
    /** Running variance (live tensor). */
    public Tensor movingVariance() { return movingVariance; }

    /** Inference as an affine map y = scale · x + shift: scale = gamma / sqrt(var + eps). */
    public float[] inferenceScale() {
        float[] s = new float[channels];
        for (int c = 0; c < channels; c++) {
            s[c] = (float) (gamma.value().data()[c] / Math.sqrt(movingVariance.data()[c] + (double) epsilon));
        }
        return s;
    }

    /** shift = beta − mean · scale. */
    public float[] inferenceShift() {
        float[] s = inferenceScale(), t = new float[channels];
        for (int c = 0; c < channels; c++) t[c] = beta.value().data()[c] - movingMean.data()[c] * s[c];
        return t;
    }

    @Override
    public List<Parameter> parameters() {
        return Arrays.asList(gamma, beta);
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        s.put("movingMean", movingMean);
        s.put("movingVariance", movingVariance);
        return s;
    }

    @Override
    public void initialize(java.util.Random rng) {
        gamma.value().fill(1f);
        beta.value().fill(0f);
        movingMean.fill(0f);
        movingVariance.fill(1f);
    }

    @Override
    public int[] outputShape(int[]... in) {
        Shapes.requireInputs(name, in, 1);
        int[] s = in[0];
        if (s.length < 2 || s[s.length - 1] != channels) {
            throw new IllegalArgumentException(name + ": expects " + channels + " channels in the last axis but got shape "
                    + Arrays.toString(s));
        }
        return s.clone();
    }

    /** Fixed number of row groups for the reductions: depends on the row count only. */
    private static int groups(int rows) {
        return Parallel.tasksFor(rows, 4096, 16);
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        int[] shape = outputShape(inputs[0].shape());
        Tensor x = inputs[0];
        output = Tensor.reuse(output, shape);
        normalized = Tensor.reuse(normalized, shape);
        int rows = x.size() / channels;
        if (training && rows < 2) {
            throw new IllegalArgumentException(name + ": training needs at least 2 values per channel to estimate a variance, got shape "
                    + Arrays.toString(shape));
        }
        trainedForward = training;
        float[] xd = x.data();
        if (training) {
            // One pass over the batch: sums of d and d² with d = x − (first row's value), in double.
            // The shift keeps d small, so var = E[d²] − E[d]² does not cancel catastrophically.
            float[] shift = Arrays.copyOf(xd, channels);
            double[][] sums = reduce2(rows, (g, r0, r1, s1, s2) -> {
                for (int r = r0; r < r1; r++) {
                    for (int c = 0, o = r * channels; c < channels; c++) {
                        double d = xd[o + c] - shift[c];
                        s1[c] += d;
                        s2[c] += d * d;
                    }
                }
            });
            double[] sq = new double[channels];
            for (int c = 0; c < channels; c++) {
                double meanD = sums[0][c] / rows;
                mean[c] = (float) (shift[c] + meanD);
                sq[c] = Math.max(0, sums[1][c] - rows * meanD * meanD); // Σ (x − mean)²
            }
            float[] mm = movingMean.data(), mv = movingVariance.data();
            for (int c = 0; c < channels; c++) {
                double var = sq[c] / rows;
                invStd[c] = (float) (1.0 / Math.sqrt(var + epsilon));
                mm[c] = momentum * mm[c] + (1 - momentum) * mean[c];
                mv[c] = momentum * mv[c] + (1 - momentum) * (float) (sq[c] / (rows - 1));
            }
        } else {
            for (int c = 0; c < channels; c++) {
                mean[c] = movingMean.data()[c];
                invStd[c] = (float) (1.0 / Math.sqrt(movingVariance.data()[c] + (double) epsilon));
            }
        }
        float[] g = gamma.value().data(), b = beta.value().data(), xh = normalized.data(), y = output.data();
        Parallel par = Parallel.current();
        int tasks = Parallel.tasksFor(xd.length, Parallel.GRAIN, 4 * par.threads());
        par.run(tasks, (t, worker) -> {
            for (int r = rows * t / tasks, r1 = rows * (t + 1) / tasks; r < r1; r++) {
                int o = r * channels;
                for (int c = 0; c < channels; c++) {
                    float v = (xd[o + c] - mean[c]) * invStd[c];
                    xh[o + c] = v;
                    y[o + c] = g[c] * v + b[c];
                }
            }
        });
        return output;
    }

    @Override
    public Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad) {
        gradOutput.requireShape(name + " gradient", output.shape());
        boolean needX = Layer.wants(needInputGrad, 0);
        boolean trainG = !gamma.frozen(), trainB = !beta.frozen();
        if (!needX && !trainG && !trainB) return new Tensor[] {null};
        float[] dy = gradOutput.data(), xh = normalized.data();
        int rows = dy.length / channels;
        // Σ dy and Σ dy·x̂ per channel: the beta and gamma gradients, and what the input gradient needs in training mode.
        double[][] sums = reduce2(rows, (grp, r0, r1, accB, accG) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * channels;
                for (int c = 0; c < channels; c++) {
                    accB[c] += dy[o + c];
                    accG[c] += dy[o + c] * xh[o + c];
                }
            }
        });
        double[] sumDy = sums[0], sumDyXh = sums[1];
        if (trainG) for (int c = 0; c < channels; c++) gamma.grad().data()[c] += (float) sumDyXh[c];
        if (trainB) for (int c = 0; c < channels; c++) beta.grad().data()[c] += (float) sumDy[c];
        if (!needX) return new Tensor[] {null};

        gradInput = Tensor.reuse(gradInput, output.shape());
        float[] dx = gradInput.data(), g = gamma.value().data();
        float[] k = new float[channels], meanDy = new float[channels], meanDyXh = new float[channels];
        for (int c = 0; c < channels; c++) {
            k[c] = g[c] * invStd[c];
            meanDy[c] = trainedForward ? (float) (sumDy[c] / rows) : 0f;
            meanDyXh[c] = trainedForward ? (float) (sumDyXh[c] / rows) : 0f;
        }
        // Training: dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy·x̂)) — the batch statistics depend on x too.
        // Inference: dx = γ/σ · dy (mean and σ are constants).
        Parallel par = Parallel.current();
        int tasks = Parallel.tasksFor(dy.length, Parallel.GRAIN, 4 * par.threads());
        par.run(tasks, (t, worker) -> {
            for (int r = rows * t / tasks, r1 = rows * (t + 1) / tasks; r < r1; r++) {
                int o = r * channels;
                for (int c = 0; c < channels; c++) {
                    dx[o + c] = k[c] * (dy[o + c] - meanDy[c] - xh[o + c] * meanDyXh[c]);
                }
            }
        });
        return new Tensor[] {gradInput};
    }

    private interface RowSum2 {
        void add(int group, int r0, int r1, double[] accA, double[] accB);
    }

    /** Two per-channel sums over rows in fixed groups, combined in group order. */
    private double[][] reduce2(int rows, RowSum2 body) {
        int groups = groups(rows);
        if (partA.length < groups || partA[0].length != channels) {
            partA = new double[groups][channels];
            partB = new double[groups][channels];
        }
        Parallel.current().run(groups, (g, worker) -> {
            Arrays.fill(partA[g], 0);
            Arrays.fill(partB[g], 0);
            body.add(g, (int) ((long) rows * g / groups), (int) ((long) rows * (g + 1) / groups), partA[g], partB[g]);
        });
        double[] a = new double[channels], b = new double[channels];
        for (int g = 0; g < groups; g++) {
            for (int c = 0; c < channels; c++) {
                a[c] += partA[g][c];
                b[c] += partB[g][c];
            }
        }
        return new double[][] {a, b};
    }

    @Override
    public BatchNorm copy(String newName) {
        BatchNorm b = new BatchNorm(newName, channels, momentum, epsilon);
        b.gamma.setFrozen(gamma.frozen());
        b.beta.setFrozen(beta.frozen());
        System.arraycopy(gamma.value().data(), 0, b.gamma.value().data(), 0, channels);
        System.arraycopy(beta.value().data(), 0, b.beta.value().data(), 0, channels);
        System.arraycopy(movingMean.data(), 0, b.movingMean.data(), 0, channels);
        System.arraycopy(movingVariance.data(), 0, b.movingVariance.data(), 0, channels);
        return b;
    }

    @Override
    public String toString() {
        return "BatchNorm(" + name + ", " + channels + ")";
    }
}

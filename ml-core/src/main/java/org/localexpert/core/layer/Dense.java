package org.localexpert.core.layer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.localexpert.core.tensor.Gemm;
import org.localexpert.core.tensor.Parallel;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;

/**
 * Fully connected layer on {@code [N, F]} (TFLite FULLY_CONNECTED): y = act(x · Wᵀ + b), weights
 * {@code [units, F]} as TFLite stores them, bias {@code [units]}. Flatten images first.
 *
 * <pre>
 *   forward:  y[N, U]   = x · Wᵀ + b
 *   backward: dW[U, F] += dyᵀ · x     (split by rows of dW: each task sums over the whole batch in order)
 *             db[U]    += Σ_n dy[n]
 *             dx[N, F]  = dy · W      (split by rows of dx)
 * </pre>
 * Every output element is computed by one task in a fixed order, so results never depend on the
 * number of threads. The weight gradient of the whole batch is summed before it is added to
 * {@code grad()}, so accumulating over several backward calls adds one term per call.
 */
public final class Dense implements Layer {
    /** Batches up to this size skip the packed GEMM (see forwardByDots). */
    private static final int SMALL_BATCH = 2;
    /** Layers with up to this many units skip it too (see forwardByDots). */
    private static final int FEW_UNITS = 16;
    private final String name;
    private final int inFeatures, units;
    private final Activation activation;
    private final Parameter weights, bias;

    private Tensor input, output, gradPre, gradInput;
    // Packed row copies for the GEMMs (see Gemm for why) and their results.
    private float[][] weightsT, weightRows, inputRows, outRows, weightGradRows, gradInputRows;

    public Dense(String name, int inFeatures, int units, Activation activation) {
        this(name, inFeatures, units, activation, true);
    }

    public Dense(String name, int inFeatures, int units, Activation activation, boolean useBias) {
        if (inFeatures < 1 || units < 1) throw new IllegalArgumentException(name + ": features and units must be ≥ 1");
        this.name = name;
        this.inFeatures = inFeatures;
        this.units = units;
        this.activation = activation;
        this.weights = new Parameter(name + "/weights", Tensor.zeros(units, inFeatures), true);
        this.bias = useBias ? new Parameter(name + "/bias", Tensor.zeros(units), false) : null;
    }

    @Override public String name() { return name; }
    public int inFeatures() { return inFeatures; }
    public int units() { return units; }
    public Activation activation() { return activation; }
    /** {@code [units, inFeatures]}. */
    public Parameter weights() { return weights; }
    /** {@code [units]}, or null without bias. */
    public Parameter bias() { return bias; }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        ps.add(weights);
        if (bias != null) ps.add(bias);
        return ps;
    }

    @Override
    public void initialize(Random rng) {
        Init.forActivation(activation, weights.value().data(), inFeatures, units, rng);
        if (bias != null) bias.value().fill(0f);
    }

    @Override
    public int[] outputShape(int[]... in) {
        Shapes.requireInputs(name, in, 1);
        int[] s = Shapes.requireRank(name, in[0], 2, "[N, features] (add a Flatten before Dense)");
        if (s[1] != inFeatures) {
            throw new IllegalArgumentException(name + ": expects " + inFeatures + " input features but got shape "
                    + java.util.Arrays.toString(s));
        }
        return new int[] {s[0], units};
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        int[] outShape = outputShape(inputs[0].shape());
        input = inputs[0];
        output = Tensor.reuse(output, outShape);
        int n = outShape[0];
        float[] x = input.data(), y = output.data(), b = bias == null ? null : bias.value().data();
        Parallel par = Parallel.current();
        if (n <= SMALL_BATCH || units <= FEW_UNITS) {
            int tasks = Parallel.tasksFor((long) n * units * inFeatures, Parallel.GRAIN, Math.min(n, 4 * par.threads()));
            par.run(tasks, (t, worker) -> forwardByDots(n * t / tasks, n * (t + 1) / tasks, x, y, b));
            return output;
        }
        weightsT = Gemm.packTransposed(weights.value().data(), 0, units, inFeatures, weightsT); // Wᵀ as [F][units] rows
        outRows = Gemm.scratch(outRows, n, units);
        int tasks = Parallel.tasksFor((long) n * units * inFeatures, Parallel.GRAIN, Math.min(n, 4 * par.threads()));
        par.run(tasks, (t, worker) -> {
            int n0 = n * t / tasks, n1 = n * (t + 1) / tasks;
            float[][] rows = java.util.Arrays.copyOfRange(outRows, n0, n1);
            Gemm.nn(n1 - n0, units, inFeatures, x, n0 * inFeatures, inFeatures, weightsT, rows, false);
            for (int i = n0; i < n1; i++) {
                float[] row = outRows[i];
                for (int u = 0; u < units; u++) y[i * units + u] = row[u] + (b == null ? 0f : b[u]);
            }
            activation.apply(y, n0 * units, (n1 - n0) * units);
        });
        return output;
    }

    /**
     * For one or two samples, packing Wᵀ would cost as much as the product itself; for a head of a few units
     * (a local expert's, a gate's) the packed product adds each feature's term to a row of only {@code units}
     * floats, all loop overhead. So each output is a plain dot product with a row of W, summed over f in
     * increasing order from zero with the bias added last, as on the packed path (which also skips exact
     * zeros, which add nothing): an output gets the same bits whichever path computes it. Java may not
     * reorder a float sum, so one dot product is a chain of dependent adds, one add's latency per term; so
     * eight outputs run at once, each its own chain: four units of two rows, and for the units left over,
     * one unit of eight rows. Where too few rows are left, the last one fills the missing places (computed
     * twice, the same bits written twice).
     */
    private void forwardByDots(int n0, int n1, float[] x, float[] y, float[] b) {
        int u = 0;
        for (; u + 4 <= units; u += 4) for (int i = n0; i < n1; i += 2) dots4x2(x, y, b, u, i, n1 - 1);
        for (; u < units; u++) for (int i = n0; i < n1; i += 8) dots1x8(x, y, b, u, i, n1 - 1);
        activation.apply(y, n0 * units, (n1 - n0) * units);
    }

    /** Units u..u+3 of rows i and i + 1 (row {@code last} at most): eight chains. */
    private void dots4x2(float[] x, float[] y, float[] b, int u, int i, int last) {
        float[] w = weights.value().data();
        int in = inFeatures, w0 = u * in, w1 = w0 + in, w2 = w1 + in, w3 = w2 + in;
        int xa = i * in, xb = Math.min(i + 1, last) * in;
        float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f, c0 = 0f, c1 = 0f, c2 = 0f, c3 = 0f;
        for (int f = 0; f < in; f++) {
            float xf = x[xa + f], zf = x[xb + f];
            float v0 = w[w0 + f], v1 = w[w1 + f], v2 = w[w2 + f], v3 = w[w3 + f];
            a0 += xf * v0;
            a1 += xf * v1;
            a2 += xf * v2;
            a3 += xf * v3;
            c0 += zf * v0;
            c1 += zf * v1;
            c2 += zf * v2;
            c3 += zf * v3;
        }
        float b0 = b == null ? 0f : b[u], b1 = b == null ? 0f : b[u + 1], b2 = b == null ? 0f : b[u + 2], b3 = b == null ? 0f : b[u + 3];
        int ya = i * units + u, yb = Math.min(i + 1, last) * units + u;
        y[ya] = a0 + b0;
        y[ya + 1] = a1 + b1;
        y[ya + 2] = a2 + b2;
        y[ya + 3] = a3 + b3;
        y[yb] = c0 + b0;
        y[yb + 1] = c1 + b1;
        y[yb + 2] = c2 + b2;
        y[yb + 3] = c3 + b3;
    }

    /** Unit u of rows i..i+7 (row {@code last} at most): eight chains. */
    private void dots1x8(float[] x, float[] y, float[] b, int u, int i, int last) {
        float[] w = weights.value().data();
        int in = inFeatures, wo = u * in;
        int r1 = Math.min(i + 1, last), r2 = Math.min(i + 2, last), r3 = Math.min(i + 3, last), r4 = Math.min(i + 4, last),
                r5 = Math.min(i + 5, last), r6 = Math.min(i + 6, last), r7 = Math.min(i + 7, last);
        int x0 = i * in, x1 = r1 * in, x2 = r2 * in, x3 = r3 * in, x4 = r4 * in, x5 = r5 * in, x6 = r6 * in, x7 = r7 * in;
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        for (int f = 0; f < in; f++) {
            float wf = w[wo + f];
            s0 += x[x0 + f] * wf;
            s1 += x[x1 + f] * wf;
            s2 += x[x2 + f] * wf;
            s3 += x[x3 + f] * wf;
            s4 += x[x4 + f] * wf;
            s5 += x[x5 + f] * wf;
            s6 += x[x6 + f] * wf;
            s7 += x[x7 + f] * wf;
        }
        float bu = b == null ? 0f : b[u];
        y[i * units + u] = s0 + bu;
        y[r1 * units + u] = s1 + bu;
        y[r2 * units + u] = s2 + bu;
        y[r3 * units + u] = s3 + bu;
        y[r4 * units + u] = s4 + bu;
        y[r5 * units + u] = s5 + bu;
        y[r6 * units + u] = s6 + bu;
        y[r7 * units + u] = s7 + bu;
    }

    @Override
    public Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad) {
        gradOutput.requireShape(name + " gradient", output.shape());
        boolean trainW = !weights.frozen(), trainB = bias != null && !bias.frozen();
        boolean needX = Layer.wants(needInputGrad, 0);
        if (!trainW && !trainB && !needX) return new Tensor[] {null};
        float[] dy = gradOutput.data();
        if (activation != Activation.NONE) {
            gradPre = Tensor.reuse(gradPre, output.shape());
            activation.backward(output.data(), dy, gradPre.data(), 0, dy.length);
            dy = gradPre.data();
        }
        int n = input.dim(0);
        float[] dyf = dy;
        Parallel par = Parallel.current();
        if (trainW) {
            inputRows = Gemm.packRows(input.data(), 0, n, inFeatures, inputRows);
            weightGradRows = Gemm.scratch(weightGradRows, units, inFeatures);
            float[] dW = weights.grad().data();
            // Split by rows of dW: each task sums over the whole batch in order, so no cross-task reduction.
            int tasks = Parallel.tasksFor((long) n * units * inFeatures, Parallel.GRAIN, Math.min(units, 4 * par.threads()));
            par.run(tasks, (t, worker) -> {
                int u0 = units * t / tasks, u1 = units * (t + 1) / tasks;
                for (int u = u0; u < u1; u++) java.util.Arrays.fill(weightGradRows[u], 0f);
                Gemm.tn(n, u0, u1, inFeatures, dyf, 0, units, inputRows, weightGradRows);
                for (int u = u0; u < u1; u++) {
                    float[] row = weightGradRows[u];
                    for (int f = 0, o = u * inFeatures; f < inFeatures; f++) dW[o + f] += row[f];
                }
            });
        }
        if (trainB) {
            float[] dB = bias.grad().data();
            for (int i = 0; i < n; i++) for (int u = 0; u < units; u++) dB[u] += dyf[i * units + u];
        }
        if (!needX) return new Tensor[] {null};
        gradInput = Tensor.reuse(gradInput, input.shape());
        weightRows = Gemm.packRows(weights.value().data(), 0, units, inFeatures, weightRows);
        gradInputRows = Gemm.scratch(gradInputRows, n, inFeatures);
        float[] dx = gradInput.data();
        int tasks = Parallel.tasksFor((long) n * units * inFeatures, Parallel.GRAIN, Math.min(n, 4 * par.threads()));
        par.run(tasks, (t, worker) -> {
            int n0 = n * t / tasks, n1 = n * (t + 1) / tasks;
            float[][] rows = java.util.Arrays.copyOfRange(gradInputRows, n0, n1);
            Gemm.nn(n1 - n0, inFeatures, units, dyf, n0 * units, units, weightRows, rows, false);
            for (int i = n0; i < n1; i++) System.arraycopy(gradInputRows[i], 0, dx, i * inFeatures, inFeatures);
        });
        return new Tensor[] {gradInput};
    }

    @Override
    public Dense copy(String newName) {
        Dense d = new Dense(newName, inFeatures, units, activation, bias != null);
        d.weights.setFrozen(weights.frozen());
        System.arraycopy(weights.value().data(), 0, d.weights.value().data(), 0, weights.value().size());
        if (bias != null) {
            d.bias.setFrozen(bias.frozen());
            System.arraycopy(bias.value().data(), 0, d.bias.value().data(), 0, bias.value().size());
        }
        return d;
    }

    @Override
    public String toString() {
        return "Dense(" + name + ", " + inFeatures + "->" + units + ", " + activation + ")";
    }
}

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
        if (n <= SMALL_BATCH) {
            forwardByDots(n, x, y, b);
            return output;
        }
        weightsT = Gemm.packTransposed(weights.value().data(), 0, units, inFeatures, weightsT); // Wᵀ as [F][units] rows
        outRows = Gemm.scratch(outRows, n, units);
        Parallel par = Parallel.current();
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
     * For one or two samples, packing Wᵀ would cost as much as the product itself, so each output is
     * a plain dot product with a row of W — summed over f in the same order as the packed path, so
     * a sample gets the same bits whatever the batch size. Java may not reorder a float sum, so one
     * dot product is a chain of dependent adds (one add's latency per term); four outputs at a time
     * run four independent chains, each still summed in f order.
     */
    private void forwardByDots(int n, float[] x, float[] y, float[] b) {
        float[] wv = weights.value().data();
        for (int i = 0; i < n; i++) {
            int xo = i * inFeatures, u = 0;
            for (; u + 4 <= units; u += 4) {
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                int w0 = u * inFeatures, w1 = w0 + inFeatures, w2 = w1 + inFeatures, w3 = w2 + inFeatures;
                for (int f = 0; f < inFeatures; f++) {
                    float xf = x[xo + f];
                    s0 += xf * wv[w0 + f];
                    s1 += xf * wv[w1 + f];
                    s2 += xf * wv[w2 + f];
                    s3 += xf * wv[w3 + f];
                }
                y[i * units + u] = s0 + (b == null ? 0f : b[u]);
                y[i * units + u + 1] = s1 + (b == null ? 0f : b[u + 1]);
                y[i * units + u + 2] = s2 + (b == null ? 0f : b[u + 2]);
                y[i * units + u + 3] = s3 + (b == null ? 0f : b[u + 3]);
            }
            for (; u < units; u++) {
                float sum = 0f;
                for (int f = 0, wo = u * inFeatures; f < inFeatures; f++) sum += x[xo + f] * wv[wo + f];
                y[i * units + u] = sum + (b == null ? 0f : b[u]);
            }
        }
        activation.apply(y, 0, n * units);
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

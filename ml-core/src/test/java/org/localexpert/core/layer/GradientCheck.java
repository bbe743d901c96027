package org.localexpert.core.layer;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;

/**
 * Finite-difference gradient checks in float32 with stated tolerances.
 *
 * <p>The scalar checked is L = Σ r·y with a fixed random r (so dL/dy = r), summed in double. Each
 * coordinate is compared with the central difference (L(x+h) − L(x−h)) / 2h, h = 5e-3, within
 * |analytic − numeric| ≤ 3e-3 + 3e-2·max(|analytic|, |numeric|). Float rounding of L bounds the
 * numeric error at ~1e-4 for these sizes, so any real bug (wrong index, missing term) shows as an
 * O(1) relative error. Coordinates where the function has a kink inside [x−h, x+h] (ReLU at 0, a
 * max-pool tie) are recognised by their one-sided differences disagreeing and skipped; at most 10%
 * may be skipped.
 */
public final class GradientCheck {
    static final double H = 5e-3, ATOL = 3e-3, RTOL = 3e-2;
    /** Coordinates checked per tensor at most (picked at random beyond that). */
    static final int MAX_COORDS = 120;

    private GradientCheck() {}

    /** A tensor of the shape with values uniform in [-1, 1), kept at least {@code gap} away from 0. */
    public static Tensor random(Random rng, float gap, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            float v;
            do {
                v = rng.nextFloat() * 2 - 1;
            } while (Math.abs(v) < gap);
            d[i] = v;
        }
        return t;
    }

    /** Any function of the inputs (re-evaluated per perturbation) returning the output tensor. */
    public interface Function {
        Tensor apply();
    }

    /** Checks every input (all wanted) and every parameter of {@code layer} in training or inference mode. */
    public static void check(Layer layer, boolean training, Tensor... inputs) {
        check(layer, training, H, inputs);
    }

    /**
     * With step {@code h}: layers with kinks (fused ReLU) use a smaller step so that fewer
     * perturbations cross a kink; float noise of L stays well below the tolerance at these sizes.
     */
    public static void check(Layer layer, boolean training, double h, Tensor... inputs) {
        Random rng = new Random(7);
        Function f = () -> layer.forward(inputs, training);
        Tensor y = f.apply();
        Tensor r = random(rng, 0f, y.shape());
        for (Parameter p : layer.parameters()) p.zeroGrad();
        Tensor[] grads = layer.backward(r);
        List<Tensor> analytic = new ArrayList<>(), wrt = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            assertTrue(layer.name() + ": gradient of input " + i + " missing", grads[i] != null);
            analytic.add(grads[i].copy());
            wrt.add(inputs[i]);
            names.add(layer.name() + " input " + i);
        }
        for (Parameter p : layer.parameters()) {
            if (p.frozen()) continue;
            analytic.add(p.grad().copy());
            wrt.add(p.value());
            names.add(p.name());
        }
        compare(f, r, wrt, analytic, names, rng, h);
    }

    /** Compares analytic gradients of L = Σ r·f() with respect to each tensor in {@code wrt}. */
    public static void compare(Function f, Tensor r, List<Tensor> wrt, List<Tensor> analytic, List<String> names, Random rng) {
        compare(f, r, wrt, analytic, names, rng, H);
    }

    public static void compare(Function f, Tensor r, List<Tensor> wrt, List<Tensor> analytic, List<String> names, Random rng,
                               double h) {
        for (int t = 0; t < wrt.size(); t++) {
            float[] x = wrt.get(t).data(), a = analytic.get(t).data();
            int n = x.length, checked = 0, skipped = 0;
            int[] coords = pick(n, rng);
            for (int i : coords) {
                float orig = x[i];
                x[i] = (float) (orig + h);
                double lp = dot(f.apply(), r);
                x[i] = (float) (orig - h);
                double lm = dot(f.apply(), r);
                x[i] = orig;
                double l0 = dot(f.apply(), r);
                double hp = (float) (orig + h) - orig, hm = orig - (float) (orig - h); // the steps actually taken
                double numeric = (lp - lm) / (hp + hm);
                double right = (lp - l0) / hp, left = (l0 - lm) / hm;
                if (Math.abs(right - left) > ATOL + RTOL * Math.max(Math.abs(right), Math.abs(left)) * 2) {
                    skipped++; // a kink between x−h and x+h: the derivative is not defined there
                    continue;
                }
                checked++;
                double diff = Math.abs(a[i] - numeric);
                if (diff > ATOL + RTOL * Math.max(Math.abs(a[i]), Math.abs(numeric))) {
                    fail(names.get(t) + " [" + i + "]: analytic " + a[i] + " vs numeric " + numeric);
                }
            }
            assertTrue(names.get(t) + ": too many kinks skipped (" + skipped + " of " + coords.length + ")",
                    skipped <= Math.max(1, coords.length / 10));
            assertTrue(names.get(t) + ": nothing checked", checked > 0 || n == 0);
        }
    }

    static double dot(Tensor y, Tensor r) {
        double s = 0;
        float[] a = y.data(), b = r.data();
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    private static int[] pick(int n, Random rng) {
        if (n <= MAX_COORDS) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int[] some = new int[MAX_COORDS];
        for (int i = 0; i < some.length; i++) some[i] = rng.nextInt(n);
        return some;
    }
}

package org.localexpert.experiments.fp16;

import java.util.List;
import java.util.Map;
import org.localexpert.core.layer.BatchNorm;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tensor.Parallel;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.tflite.IncompatibleModelException;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteModel;

/**
 * A host simulation of the TFLite GPU delegate with precision loss allowed: the model's weights are stored
 * as halves, and so is every tensor between operators — the input as uploaded, each layer's output (after
 * its fused activation) and the outputs read back. It is the ml-core Java engine otherwise: the same layers
 * compute in float32 from the rounded values, and a {@link org.localexpert.core.runtime.JavaEngine} on the
 * same file is the float32 reference it is compared with.
 *
 * <p>What it does not model: arithmetic inside an operator in half precision (a GPU that accumulates a
 * convolution's sum in half, not float, loses more), and operators the delegate fuses (it rounds where the
 * ml-core graph has a node, which for the imported .tflite is one node per TFLite operator, except a MUL
 * followed by an ADD, imported as one affine layer). So it measures the storage rounding every FP16 GPU
 * path has; a device whose kernels also add in half can differ more — which is what the app's first-use
 * golden-set check on the real GPU is for.
 *
 * <p>It runs the graph node by node through the public {@link Model#nodes()} and {@link
 * org.localexpert.core.layer.Layer#forward} API, so ml-core needs no hook for it. Not thread-safe, like
 * every engine.
 */
public final class Fp16Engine implements InferenceEngine {
    private final Model model;
    private final Parallel parallel;
    /** The float32 engine on the same model, for what the two share: input and output shapes, batch resizing. */
    private final JavaEngine shapes;
    private final Tensor[] values;

    /**
     * Takes {@code model} over and rounds its weights (parameters, and the affine state of BatchNorm layers)
     * to half precision in place: pass a model of your own, e.g. from {@link #of(TfliteModel, int)}.
     */
    public Fp16Engine(Model model, int threads) {
        this.model = model;
        this.parallel = Parallel.of(threads);
        for (Parameter p : model.parameters()) Half.roundAll(p.value().data());
        for (Node n : model.nodes()) {
            // BatchNorm's running mean and variance are constants of the graph the GPU stores like weights; other
            // layer state (Dropout's step counter) is not an operand of any operator.
            if (!n.isInput() && n.layer() instanceof BatchNorm) {
                for (Map.Entry<String, Tensor> s : n.layer().state().entrySet()) Half.roundAll(s.getValue().data());
            }
        }
        shapes = new JavaEngine(model);
        values = new Tensor[model.nodes().size()];
    }

    /** An FP16 engine on a fresh import of {@code file} (the caller's models are left alone). */
    public static Fp16Engine of(TfliteModel file, int threads) throws IncompatibleModelException {
        return new Fp16Engine(ModelImporter.toModel(file), threads);
    }

    @Override
    public int inputCount() {
        return shapes.inputCount();
    }

    @Override
    public int outputCount() {
        return shapes.outputCount();
    }

    @Override
    public int[] inputShape(int i) {
        return shapes.inputShape(i);
    }

    @Override
    public int[] outputShape(int i) {
        return shapes.outputShape(i);
    }

    @Override
    public void resizeInput(int i, int[] shape) {
        shapes.resizeInput(i, shape);
    }

    @Override
    public float[][] run(float[]... inputs) {
        if (inputs.length != inputCount()) {
            throw new IllegalArgumentException("the model takes " + inputCount() + " input(s), got " + inputs.length);
        }
        List<Node> nodes = model.nodes();
        Parallel previous = Parallel.enter(parallel);
        try {
            for (int i = 0; i < inputs.length; i++) {
                float[] x = inputs[i].clone();
                Half.roundAll(x); // the delegate uploads the float32 input into a half-precision tensor
                values[model.inputs().get(i).index()] = Tensor.of(x, shapes.inputShape(i));
            }
            for (Node n : nodes) {
                if (n.isInput()) continue;
                Tensor[] ins = new Tensor[n.inputs().size()];
                for (int j = 0; j < ins.length; j++) ins[j] = values[n.inputs().get(j).index()];
                Tensor out = n.layer().forward(ins, false);
                // Into this engine's own buffer, not in place: a layer may hand back a view of its input (Reshape)
                // or keep its output for later, and its buffers should stay as it wrote them.
                Tensor rounded = Tensor.reuse(values[n.index()], out.shape());
                float[] src = out.data(), dst = rounded.data();
                for (int k = 0; k < src.length; k++) dst[k] = Half.round(src[k]);
                values[n.index()] = rounded;
            }
        } finally {
            Parallel.restore(previous);
        }
        float[][] result = new float[model.outputs().size()][];
        for (int i = 0; i < result.length; i++) result[i] = values[model.outputs().get(i).index()].data().clone();
        return result;
    }

    @Override
    public String backend() {
        return "FP16 simulation (Java engine, weights and activations rounded to half; " + parallel.threads() + " thread"
                + (parallel.threads() == 1 ? "" : "s") + ")";
    }

    @Override
    public void close() {
        // Nothing native to free.
    }
}

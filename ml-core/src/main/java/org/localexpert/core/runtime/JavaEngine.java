package org.localexpert.core.runtime;

import java.util.Arrays;
import org.localexpert.core.model.Model;
import org.localexpert.core.tensor.Tensor;

/**
 * The ml-core {@link Model} behind the {@link InferenceEngine} interface, in inference mode. Runs
 * anywhere Java runs (JVM tests, Robolectric, the phone when TFLite is unavailable) and is the
 * reference the real interpreter is compared with.
 */
public final class JavaEngine implements InferenceEngine {
    private final Model model;
    private final int[][] inputShapes;

    public JavaEngine(Model model, InferenceOptions options) {
        this.model = model;
        this.model.setThreads(options.threads());
        inputShapes = new int[model.inputs().size()][];
        for (int i = 0; i < inputShapes.length; i++) inputShapes[i] = model.inputs().get(i).shapeWithBatch(1);
    }

    public JavaEngine(Model model) {
        this(model, new InferenceOptions());
    }

    public Model model() {
        return model;
    }

    @Override
    public int inputCount() {
        return inputShapes.length;
    }

    @Override
    public int outputCount() {
        return model.outputs().size();
    }

    @Override
    public int[] inputShape(int i) {
        return inputShapes[i].clone();
    }

    @Override
    public int[] outputShape(int i) {
        return model.outputs().get(i).shapeWithBatch(inputShapes[0][0]);
    }

    @Override
    public void resizeInput(int i, int[] shape) {
        int[] fixed = model.inputs().get(i).shape();
        if (shape.length != fixed.length + 1 || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), fixed)) {
            throw new IllegalArgumentException("input " + i + " can change only its batch size: [N, "
                    + Arrays.toString(fixed).substring(1) + ", got " + Arrays.toString(shape));
        }
        if (shape[0] < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + shape[0]);
        for (int[] s : inputShapes) s[0] = shape[0];
    }

    @Override
    public float[][] run(float[]... inputs) {
        Shapes.checkInputs(inputs, inputShapes.length, i -> inputShapes[i]);
        Tensor[] in = new Tensor[inputs.length];
        for (int i = 0; i < in.length; i++) in[i] = Tensor.of(inputs[i].clone(), inputShapes[i]);
        Tensor[] out = model.forward(false, in);
        float[][] result = new float[out.length][];
        for (int i = 0; i < out.length; i++) result[i] = out[i].data().clone();
        return result;
    }

    @Override
    public String backend() {
        return "Java engine (" + model.threads() + " thread" + (model.threads() == 1 ? "" : "s") + ")";
    }

    @Override
    public void close() {
        // Nothing native to free.
    }
}

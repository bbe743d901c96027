package org.localexpert.core.layer;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;

/**
 * One operation of a network, with its forward pass and its backward pass side by side.
 *
 * <p><b>Shapes</b> always include the batch dimension first: images are NHWC
 * {@code [N, H, W, C]}, feature vectors {@code [N, F]}. A wrong shape throws
 * {@link IllegalArgumentException} naming the layer, the expected and the actual shape.
 *
 * <p><b>Buffers.</b> {@link #forward} returns a tensor the layer owns and reuses on the next call
 * with the same shapes (so training allocates nothing per batch). It stays valid until this layer's
 * next forward; copy it to keep it. Likewise the tensors returned by {@link #backward} are owned by
 * the layer and valid until its next backward. Neither method modifies its arguments.
 *
 * <p><b>Backward contract.</b> {@code backward(gradOutput, needInputGrad)} must follow a
 * {@code forward} with {@code training = true} or {@code false} on the same inputs (the layer caches
 * what it needs). It
 * <ul>
 * <li>ADDS dLoss/dParameter into {@code p.grad()} for each of its {@link #parameters()} that is not
 * {@linkplain Parameter#frozen() frozen} (callers zero gradients between steps), and</li>
 * <li>returns dLoss/dInput[i] for every i with {@code needInputGrad[i]} (all when the array is null), and {@code null} for the
 * others — skipping that work, which is what makes a frozen feature extractor cost only its
 * forward.</li>
 * </ul>
 *
 * <p><b>Weights</b> are laid out as TensorFlow Lite stores them, so the .tflite writer and reader
 * map layers 1:1 without transposes: Conv2D kernel {@code [outC, kH, kW, inC]}, DepthwiseConv2D
 * {@code [1, kH, kW, inC*multiplier]}, Dense {@code [units, in]}, biases {@code [outC]}. Parameter
 * names are {@code layerName + "/" + role} (e.g. {@code conv1/kernel}, {@code conv1/bias}).
 *
 * <p>Every layer exposes its configuration through getters (kernel size, strides, padding, fused
 * activation, units, axis, ...) for the exporter.
 */
public interface Layer {
    /** Unique within a model; prefixes the names of the layer's parameters and state. */
    String name();

    /** Output shape (batch first) for these input shapes; throws with a clear message when they do not fit. */
    int[] outputShape(int[]... inputShapes);

    /** Number of inputs the layer takes, or -1 for any number ≥ 1 (Add, Concatenate). */
    default int inputCount() {
        return 1;
    }

    /**
     * Computes the output. {@code training} selects training behaviour (BatchNorm batch statistics
     * and running-average updates, Dropout masks); {@code false} is inference.
     */
    Tensor forward(Tensor[] inputs, boolean training);

    /** See the class comment: accumulates parameter gradients, returns the input gradients asked for. */
    Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad);

    /** Convenience for one-input layers: forward of a single tensor. */
    default Tensor forward(Tensor input, boolean training) {
        return forward(new Tensor[] {input}, training);
    }

    /** Convenience: backward computing every input gradient ({@code needInputGrad = null} means all). */
    default Tensor[] backward(Tensor gradOutput) {
        return backward(gradOutput, null);
    }

    /** True when input {@code i}'s gradient is wanted; {@code null} asks for all of them. */
    static boolean wants(boolean[] needInputGrad, int i) {
        return needInputGrad == null || (i < needInputGrad.length && needInputGrad[i]);
    }

    /** Trainable weights (empty for parameter-free layers), in a fixed order. */
    default List<Parameter> parameters() {
        return Collections.emptyList();
    }

    /**
     * Non-trainable state that must be saved with the weights, by name without the layer prefix
     * (BatchNorm's {@code movingMean}/{@code movingVariance}, Dropout's step counter). Values are
     * the live tensors: writing into them changes the layer.
     */
    default Map<String, Tensor> state() {
        return Collections.emptyMap();
    }

    /** Draws initial weights from {@code rng} (He or Glorot); parameter-free layers draw nothing. */
    default void initialize(Random rng) {}

    /**
     * An independent layer with the same configuration, named {@code newName}, holding copies of
     * the parameter values and state (not the gradients or scratch buffers).
     */
    Layer copy(String newName);
}

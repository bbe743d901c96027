package org.localexpert.core.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.localexpert.core.layer.Layer;

/**
 * One value in a model's graph: either a model input or the output of one layer applied to other
 * nodes. Exporters walk {@link Model#nodes()} (topological order) and read, per node, the layer,
 * its input nodes and its per-sample shape.
 */
public final class Node {
    private final String name;
    private final Layer layer;
    private final List<Node> inputs;
    private final int[] shape;
    final Object owner;
    int index;

    Node(String name, Layer layer, List<Node> inputs, int[] shape, Object owner, int index) {
        this.name = name;
        this.layer = layer;
        this.inputs = Collections.unmodifiableList(inputs);
        this.shape = shape;
        this.owner = owner;
        this.index = index;
    }

    /** The input's name, or the layer's name. */
    public String name() {
        return name;
    }

    /** The layer computing this node, or null for a model input. */
    public Layer layer() {
        return layer;
    }

    public boolean isInput() {
        return layer == null;
    }

    /** The nodes this layer reads, in the layer's input order (empty for model inputs). */
    public List<Node> inputs() {
        return inputs;
    }

    /** Per-sample shape, without the batch dimension: {@code [H, W, C]} or {@code [F]}. */
    public int[] shape() {
        return shape.clone();
    }

    /** Shape with a leading batch dimension {@code batch}. */
    public int[] shapeWithBatch(int batch) {
        int[] s = new int[shape.length + 1];
        s[0] = batch;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }

    /** Last dimension: channels of an image, features of a vector. */
    public int channels() {
        return shape[shape.length - 1];
    }

    /** Position in the model's topological order. */
    public int index() {
        return index;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + (layer == null ? " (input)" : " = " + layer);
    }
}

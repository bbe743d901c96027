package org.localexpert.core.tflite;

import java.util.Arrays;
import org.tensorflow.lite.schema.TensorType;

/**
 * A tensor of a subgraph: name, static shape, optional shape signature (-1 marks a dimension that
 * can be resized, e.g. the batch), element type ({@link TensorType}), and the index of the buffer
 * holding its constant data (an empty buffer for activations).
 */
public final class TfliteTensor {
    private final String name;
    private final int[] shape;
    private final int[] shapeSignature;
    private final byte type;
    private final int buffer;
    private final TfliteQuantization quantization;
    private final boolean variable;

    public TfliteTensor(String name, int[] shape, int[] shapeSignature, byte type, int buffer,
                        TfliteQuantization quantization, boolean variable) {
        this.name = name;
        this.shape = shape.clone();
        this.shapeSignature = shapeSignature == null ? null : shapeSignature.clone();
        this.type = type;
        this.buffer = buffer;
        this.quantization = quantization;
        this.variable = variable;
    }

    /** A float32 tensor (no quantization, not variable). */
    public static TfliteTensor float32(String name, int[] shape, int[] shapeSignature, int buffer) {
        return new TfliteTensor(name, shape, shapeSignature, TensorType.FLOAT32, buffer, null, false);
    }

    public String name() {
        return name;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** The shape with -1 for resizable dimensions, or null when the file gives none. */
    public int[] shapeSignature() {
        return shapeSignature == null ? null : shapeSignature.clone();
    }

    public byte type() {
        return type;
    }

    public String typeName() {
        return TfliteOps.typeName(type);
    }

    public int buffer() {
        return buffer;
    }

    public TfliteQuantization quantization() {
        return quantization;
    }

    public boolean variable() {
        return variable;
    }

    public int rank() {
        return shape.length;
    }

    public long elementCount() {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    @Override
    public String toString() {
        return "'" + name + "' " + typeName() + Arrays.toString(shape);
    }
}

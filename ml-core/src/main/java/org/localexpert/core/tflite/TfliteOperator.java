package org.localexpert.core.tflite;

import java.util.Arrays;
import org.tensorflow.lite.schema.BuiltinOptions;

/**
 * One operator of a subgraph: which operator code it runs, its input tensors (-1 = optional input
 * left out) and output tensors, and its builtin options. The options are the schema's generated
 * object-API classes (e.g. {@code Conv2DOptionsT}), tagged by a {@link BuiltinOptions} constant,
 * so every op TFLite knows reads and re-writes without a hand-made copy of 120 option tables.
 */
public final class TfliteOperator {
    private final int opcodeIndex;
    private final int[] inputs;
    private final int[] outputs;
    private final byte optionsType;
    private final Object options;
    private final byte[] customOptions;

    public TfliteOperator(int opcodeIndex, int[] inputs, int[] outputs, byte optionsType, Object options,
                          byte[] customOptions) {
        if ((optionsType == BuiltinOptions.NONE) != (options == null)) {
            throw new IllegalArgumentException("options type " + optionsType + " does not match options " + options);
        }
        this.opcodeIndex = opcodeIndex;
        this.inputs = inputs.clone();
        this.outputs = outputs.clone();
        this.optionsType = optionsType;
        this.options = options;
        this.customOptions = customOptions == null ? null : customOptions.clone();
    }

    public TfliteOperator(int opcodeIndex, int[] inputs, int[] outputs, byte optionsType, Object options) {
        this(opcodeIndex, inputs, outputs, optionsType, options, null);
    }

    public int opcodeIndex() {
        return opcodeIndex;
    }

    public int[] inputs() {
        return inputs.clone();
    }

    public int input(int i) {
        return inputs[i];
    }

    public int inputCount() {
        return inputs.length;
    }

    public int[] outputs() {
        return outputs.clone();
    }

    public int output(int i) {
        return outputs[i];
    }

    /** A {@link BuiltinOptions} constant; NONE when the op has no options. */
    public byte optionsType() {
        return optionsType;
    }

    /** The generated options object ({@code XxxOptionsT}), or null. */
    public Object options() {
        return options;
    }

    /** The options cast to the class the caller expects, with a clear error otherwise. */
    public <T> T options(Class<T> type) {
        if (!type.isInstance(options)) {
            throw new IllegalStateException("operator options are " + (options == null ? "absent"
                    : options.getClass().getSimpleName()) + ", expected " + type.getSimpleName());
        }
        return type.cast(options);
    }

    public byte[] customOptions() {
        return customOptions == null ? null : customOptions.clone();
    }

    @Override
    public String toString() {
        return "op#" + opcodeIndex + " in" + Arrays.toString(inputs) + " out" + Arrays.toString(outputs);
    }
}

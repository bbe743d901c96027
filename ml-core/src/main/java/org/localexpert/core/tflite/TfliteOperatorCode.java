package org.localexpert.core.tflite;

import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * One entry of a model's operator-code table: a builtin operator (or a custom one by name) at a
 * version. Operators refer to it by index.
 *
 * @param builtinCode a {@link BuiltinOperator} constant ({@code CUSTOM} for custom ops)
 * @param customCode  the custom op's name, or null
 * @param version     the op version (1 for everything the exporter writes)
 */
public record TfliteOperatorCode(int builtinCode, String customCode, int version) {
    public static TfliteOperatorCode builtin(int builtinCode, int version) {
        return new TfliteOperatorCode(builtinCode, null, version);
    }

    /** "CONV_2D", or "CUSTOM(name)", or "UNKNOWN(205)" for codes newer than this schema. */
    public String opName() {
        return TfliteOps.name(builtinCode, customCode);
    }

    @Override
    public String toString() {
        return opName() + " v" + version;
    }
}

package org.localexpert.core.tflite;

import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.TensorType;

/** Names for builtin operator codes and tensor types, tolerant of codes newer than the schema. */
public final class TfliteOps {
    private TfliteOps() {}

    public static String name(int builtinCode, String customCode) {
        if (builtinCode == BuiltinOperator.CUSTOM) return "CUSTOM(" + customCode + ")";
        if (builtinCode >= 0 && builtinCode < BuiltinOperator.names.length) {
            String n = BuiltinOperator.names[builtinCode];
            if (n != null && !n.isEmpty()) return n;
        }
        return "UNKNOWN(" + builtinCode + ")";
    }

    public static String typeName(byte type) {
        if (type >= 0 && type < TensorType.names.length) return TensorType.names[type];
        return "UNKNOWN_TYPE(" + type + ")";
    }

    /** Bytes per element, or 0 when not fixed (STRING, RESOURCE, VARIANT, packed INT4, unknown). */
    public static int elementBytes(byte type) {
        switch (type) {
            case TensorType.FLOAT32: case TensorType.INT32: case TensorType.UINT32: return 4;
            case TensorType.FLOAT16: case TensorType.INT16: case TensorType.UINT16: return 2;
            case TensorType.UINT8: case TensorType.INT8: case TensorType.BOOL: return 1;
            case TensorType.INT64: case TensorType.UINT64: case TensorType.FLOAT64: case TensorType.COMPLEX64: return 8;
            case TensorType.COMPLEX128: return 16;
            default: return 0;
        }
    }
}

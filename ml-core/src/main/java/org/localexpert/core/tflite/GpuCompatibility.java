package org.localexpert.core.tflite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.TensorType;

/**
 * Static check of what the TensorFlow Lite GPU delegate would refuse in a model, so the app never
 * ships a mixture that silently falls back to the CPU op by op.
 *
 * <p>The rules follow the delegate's documentation ("TensorFlow Lite on GPU", supported ops): these
 * ops in float32/float16, each at version 1 only unless listed otherwise (DEPTHWISE_CONV_2D v1–2,
 * RESIZE_BILINEAR v1–3, LSTM v2 basic only), plus MEAN, which the delegate takes for reductions
 * over spatial axes. Tensors are at most 4-D and convolutions and pools work on 4-D NHWC tensors.
 * Integer operands are allowed only where the op takes a constant shape-like parameter (RESHAPE's
 * shape, MEAN's axes, PAD's paddings, STRIDED_SLICE's begin/end/strides, RESIZE_BILINEAR's size,
 * TRANSPOSE_CONV's output shape). Only subgraph 0 is delegated.
 */
public final class GpuCompatibility {
    private GpuCompatibility() {}

    /** Highest op version the delegate takes, per supported builtin op. */
    private static final Map<Integer, Integer> MAX_VERSION = new HashMap<>();
    /** For ops with integer parameter operands: which input positions those are. */
    private static final Map<Integer, int[]> INT_PARAMETER_INPUTS = new HashMap<>();

    static {
        int[] v1 = {BuiltinOperator.ADD, BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.CONCATENATION,
                BuiltinOperator.CONV_2D, BuiltinOperator.EXP, BuiltinOperator.FULLY_CONNECTED, BuiltinOperator.LOGISTIC,
                BuiltinOperator.MAX_POOL_2D, BuiltinOperator.MAXIMUM, BuiltinOperator.MINIMUM, BuiltinOperator.MUL,
                BuiltinOperator.PAD, BuiltinOperator.PRELU, BuiltinOperator.RELU, BuiltinOperator.RELU6,
                BuiltinOperator.RESHAPE, BuiltinOperator.SOFTMAX, BuiltinOperator.STRIDED_SLICE, BuiltinOperator.SUB,
                BuiltinOperator.TRANSPOSE_CONV, BuiltinOperator.MEAN};
        for (int op : v1) MAX_VERSION.put(op, 1);
        MAX_VERSION.put(BuiltinOperator.DEPTHWISE_CONV_2D, 2);
        MAX_VERSION.put(BuiltinOperator.RESIZE_BILINEAR, 3);
        MAX_VERSION.put(BuiltinOperator.LSTM, 2);
        INT_PARAMETER_INPUTS.put(BuiltinOperator.RESHAPE, new int[] {1});
        INT_PARAMETER_INPUTS.put(BuiltinOperator.MEAN, new int[] {1});
        INT_PARAMETER_INPUTS.put(BuiltinOperator.PAD, new int[] {1});
        INT_PARAMETER_INPUTS.put(BuiltinOperator.STRIDED_SLICE, new int[] {1, 2, 3});
        INT_PARAMETER_INPUTS.put(BuiltinOperator.RESIZE_BILINEAR, new int[] {1});
        INT_PARAMETER_INPUTS.put(BuiltinOperator.TRANSPOSE_CONV, new int[] {0});
    }

    private static boolean needs4d(int op) {
        return op == BuiltinOperator.CONV_2D || op == BuiltinOperator.DEPTHWISE_CONV_2D
                || op == BuiltinOperator.TRANSPOSE_CONV || op == BuiltinOperator.AVERAGE_POOL_2D
                || op == BuiltinOperator.MAX_POOL_2D || op == BuiltinOperator.RESIZE_BILINEAR;
    }

    /** One thing the delegate would not take. */
    public record Problem(int operator, String opName, int tensor, String message) {
        @Override
        public String toString() {
            return "operator " + operator + " " + opName + ": " + message;
        }
    }

    /** Every problem in subgraph 0, in operator order; empty when the whole graph can run on the GPU. */
    public static List<Problem> check(TfliteModel model) {
        List<Problem> problems = new ArrayList<>();
        TfliteSubgraph g = model.mainSubgraph();
        for (int i = 0; i < g.operators().size(); i++) {
            TfliteOperator op = g.operators().get(i);
            TfliteOperatorCode code = model.operatorCode(op);
            String name = code.opName() + " v" + code.version();
            Integer max = code.builtinCode() == BuiltinOperator.CUSTOM ? null : MAX_VERSION.get(code.builtinCode());
            if (max == null) {
                problems.add(new Problem(i, name, -1, code.opName() + " is not supported by the GPU delegate"));
                continue;
            }
            if (code.version() > max) {
                problems.add(new Problem(i, name, -1, code.opName() + " is supported only up to version " + max));
            }
            int[] intInputs = INT_PARAMETER_INPUTS.getOrDefault(code.builtinCode(), new int[0]);
            int[] inputs = op.inputs();
            for (int k = 0; k < inputs.length; k++) {
                if (inputs[k] < 0) continue;
                boolean intParameter = false;
                for (int p : intInputs) intParameter |= p == k;
                checkTensor(model, g, inputs[k], i, name, intParameter, needs4d(code.builtinCode()) && k == 0, problems);
            }
            for (int out : op.outputs()) {
                checkTensor(model, g, out, i, name, false, needs4d(code.builtinCode()), problems);
            }
        }
        return Collections.unmodifiableList(problems);
    }

    private static void checkTensor(TfliteModel model, TfliteSubgraph g, int index, int opIndex, String opName,
                                    boolean intParameter, boolean must4d, List<Problem> problems) {
        TfliteTensor t = g.tensor(index);
        String label = "tensor " + index + " " + t;
        if (intParameter) {
            if (t.type() != TensorType.INT32 && t.type() != TensorType.INT64) {
                problems.add(new Problem(opIndex, opName, index, label + ": parameter must be int32"));
            } else if (model.tensorData(t).length == 0) {
                problems.add(new Problem(opIndex, opName, index, label + ": parameter must be a constant"));
            }
            return;
        }
        if (t.type() != TensorType.FLOAT32 && t.type() != TensorType.FLOAT16) {
            problems.add(new Problem(opIndex, opName, index, label + ": type " + t.typeName()
                    + " is not supported (float32/float16 only)"));
        }
        if (t.rank() > 4) {
            problems.add(new Problem(opIndex, opName, index, label + ": rank " + t.rank() + " (at most 4-D)"));
        } else if (must4d && t.rank() != 4) {
            problems.add(new Problem(opIndex, opName, index, label + ": must be a 4-D NHWC tensor"));
        }
    }
}

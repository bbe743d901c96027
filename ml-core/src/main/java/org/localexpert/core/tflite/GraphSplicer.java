package org.localexpert.core.tflite;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.TensorType;

/**
 * Builds one TFLite subgraph out of others: {@link #append} copies a model's main subgraph —
 * tensors, constant buffers, operators, as they are — into the graph being built, with chosen
 * inputs wired to tensors already there. That is how the mixture keeps a converter-made GE
 * untouched and feeds its features to the LE and the gate. Small helpers add the few extra
 * tensors and ops the glue needs.
 */
final class GraphSplicer {
    final TfliteModel out = new TfliteModel();
    final TfliteSubgraph g;

    GraphSplicer(String name) {
        g = new TfliteSubgraph(name);
        out.subgraphs().add(g);
    }

    /**
     * Copies {@code src}'s subgraph 0 under {@code prefix}; input {@code i} of {@code src} becomes
     * tensor {@code bind[i]} here (-1: copy the input tensor too). Returns, for each tensor of
     * {@code src}, its index here.
     */
    int[] append(TfliteModel src, String prefix, int[] bind) {
        TfliteSubgraph s = src.mainSubgraph();
        int[] map = new int[s.tensors().size()];
        Arrays.fill(map, -1);
        int[] srcInputs = s.inputs();
        for (int i = 0; i < srcInputs.length; i++) {
            if (i < bind.length && bind[i] >= 0) map[srcInputs[i]] = bind[i];
        }
        Map<Integer, Integer> buffers = new HashMap<>();
        buffers.put(0, 0);
        for (int t = 0; t < map.length; t++) {
            if (map[t] >= 0) continue;
            TfliteTensor x = s.tensor(t);
            int buffer = x.buffer();
            if (!buffers.containsKey(buffer)) {
                byte[] data = src.buffer(buffer);
                buffers.put(buffer, data.length == 0 ? 0 : out.addBuffer(data));
            }
            map[t] = g.addTensor(new TfliteTensor(prefix + x.name(), x.shape(), x.shapeSignature(), x.type(),
                    buffers.get(buffer), x.quantization(), x.variable()));
        }
        for (TfliteOperator op : s.operators()) {
            int code = out.operatorCodeIndex(src.operatorCode(op));
            g.addOperator(new TfliteOperator(code, remap(op.inputs(), map), remap(op.outputs(), map), op.optionsType(),
                    op.options(), op.customOptions()));
        }
        return map;
    }

    private static int[] remap(int[] tensors, int[] map) {
        int[] r = new int[tensors.length];
        for (int i = 0; i < r.length; i++) r[i] = tensors[i] < 0 ? -1 : map[tensors[i]];
        return r;
    }

    /** A float32 activation tensor with a resizable batch: {@code [1, perSample...]}, signature {@code [-1, ...]}. */
    int activation(String name, int... perSample) {
        int[] shape = new int[perSample.length + 1], sig = new int[perSample.length + 1];
        shape[0] = 1;
        sig[0] = -1;
        System.arraycopy(perSample, 0, shape, 1, perSample.length);
        System.arraycopy(perSample, 0, sig, 1, perSample.length);
        return g.addTensor(TfliteTensor.float32(name, shape, sig, 0));
    }

    int constFloats(String name, int[] shape, float[] data) {
        return g.addTensor(TfliteTensor.float32(name, shape, null, out.addBuffer(TfliteBuffers.floats(data))));
    }

    int constInts(String name, int[] data) {
        return g.addTensor(new TfliteTensor(name, new int[] {data.length}, null, TensorType.INT32,
                out.addBuffer(TfliteBuffers.ints(data)), null, false));
    }

    /** Appends a version-1 builtin op; returns its first output. */
    int op(int builtin, byte optionsType, Object options, int[] inputs, int output) {
        g.addOperator(new TfliteOperator(out.operatorCodeIndex(TfliteOperatorCode.builtin(builtin, 1)), inputs,
                new int[] {output}, optionsType, options));
        return output;
    }

    /**
     * Drops operators whose outputs nothing reads and the graph does not output. Besides wasting
     * time on every call, such a dead branch made TFLite 2.6.2 (XNNPACK) crash the process in a
     * test, so no graph LocalExpert writes keeps one.
     */
    void pruneDeadOperators() {
        boolean[] live = new boolean[g.tensors().size()];
        for (int o : g.outputs()) live[o] = true;
        java.util.List<TfliteOperator> ops = g.operators();
        boolean[] keep = new boolean[ops.size()];
        for (int i = ops.size() - 1; i >= 0; i--) {
            for (int o : ops.get(i).outputs()) keep[i] |= live[o];
            if (keep[i]) for (int in : ops.get(i).inputs()) if (in >= 0) live[in] = true;
        }
        for (int i = ops.size() - 1; i >= 0; i--) if (!keep[i]) ops.remove(i);
    }

    /** Per-sample shape of a tensor (its shape without the batch dimension). */
    int[] perSample(int tensor) {
        int[] s = g.tensor(tensor).shape();
        return Arrays.copyOfRange(s, 1, s.length);
    }

    /** {@code tensor} as {@code [N, perSample...]}: itself when it already has that shape, else a RESHAPE. */
    int reshaped(int tensor, int[] perSample, String name) {
        if (Arrays.equals(perSample(tensor), perSample)) return tensor;
        long a = 1, b = 1;
        for (int d : perSample(tensor)) a *= d;
        for (int d : perSample) b *= d;
        if (a != b) {
            throw new IllegalArgumentException("cannot feed " + g.tensor(tensor) + " to an input of shape [N, "
                    + Arrays.toString(perSample).substring(1) + ": sizes differ");
        }
        int[] target = new int[perSample.length + 1];
        target[0] = -1;
        System.arraycopy(perSample, 0, target, 1, perSample.length);
        org.tensorflow.lite.schema.ReshapeOptionsT o = new org.tensorflow.lite.schema.ReshapeOptionsT();
        o.setNewShape(target);
        return op(BuiltinOperator.RESHAPE, BuiltinOptions.ReshapeOptions, o,
                new int[] {tensor, constInts(name + "/shape", target)}, activation(name, perSample));
    }
}

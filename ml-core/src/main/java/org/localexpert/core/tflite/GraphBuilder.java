package org.localexpert.core.tflite;

import org.tensorflow.lite.schema.TensorType;

/**
 * One TFLite subgraph under construction, for {@link ModelExporter}: the tensors, constant buffers and
 * builtin operators the exporter adds, each with its index in the graph.
 */
final class GraphBuilder {
    final TfliteModel out = new TfliteModel();
    final TfliteSubgraph g;

    GraphBuilder(String name) {
        g = new TfliteSubgraph(name);
        out.subgraphs().add(g);
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
}

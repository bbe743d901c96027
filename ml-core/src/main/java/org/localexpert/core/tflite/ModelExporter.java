package org.localexpert.core.tflite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Add;
import org.localexpert.core.layer.AveragePool2D;
import org.localexpert.core.layer.BatchNorm;
import org.localexpert.core.layer.ChannelShuffle;
import org.localexpert.core.layer.Concatenate;
import org.localexpert.core.layer.Conv2D;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.DepthwiseConv2D;
import org.localexpert.core.layer.Dropout;
import org.localexpert.core.layer.GlobalAveragePool;
import org.localexpert.core.layer.Layer;
import org.localexpert.core.layer.Logistic;
import org.localexpert.core.layer.MaxPool2D;
import org.localexpert.core.layer.Multiply;
import org.localexpert.core.layer.Padding;
import org.localexpert.core.layer.Pool2D;
import org.localexpert.core.layer.ReLU;
import org.localexpert.core.layer.ReLU6;
import org.localexpert.core.layer.Reshape;
import org.localexpert.core.layer.Slice;
import org.localexpert.core.layer.Softmax;
import org.localexpert.core.layer.Subtract;
import org.localexpert.core.layer.SubtractFrom;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;
import org.localexpert.core.tensor.Parameter;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.AddOptionsT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.ConcatenationOptionsT;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.MulOptionsT;
import org.tensorflow.lite.schema.Pool2DOptionsT;
import org.tensorflow.lite.schema.ReducerOptionsT;
import org.tensorflow.lite.schema.ReshapeOptionsT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;
import org.tensorflow.lite.schema.StridedSliceOptionsT;
import org.tensorflow.lite.schema.SubOptionsT;

/**
 * ml-core {@link Model} → {@link TfliteModel} (then {@link TfliteWriter} for bytes), float32, every
 * op at version 1 and from the GPU delegate's list:
 *
 * <ul>
 * <li>BatchNorm is folded into the preceding Conv2D/DepthwiseConv2D/Dense ({@link Model#foldBatchNorm});
 * one with nothing to fold into becomes MUL + ADD by constant per-channel vectors.</li>
 * <li>A ReLU/ReLU6 right after an op with a fused-activation slot (conv, depthwise, dense, pools,
 * two-input ADD, concatenation), whose output nothing else reads, is fused into it.</li>
 * <li>Reshape/Flatten → RESHAPE with an int32 shape tensor whose batch entry is -1, so the batch
 * can be resized; GlobalAveragePool → MEAN over int32 axes [1, 2]; Softmax → SOFTMAX, beta 1.</li>
 * <li>ChannelShuffle → C/g channel STRIDED_SLICEs + CONCATENATION (4-D GPU ops) when C/g ≤ 8,
 * otherwise one fixed 1×1 permutation CONV_2D. Slice → STRIDED_SLICE. Dropout → nothing.</li>
 * </ul>
 *
 * Tensors are named after the nodes (a fused op's output after the activation node it absorbed);
 * every activation tensor has shape signature [-1, ...].
 */
public final class ModelExporter {
    private static final int MAX_SHUFFLE_SLICES = 8;

    private final GraphBuilder s = new GraphBuilder("main");
    private final TfliteModel out = s.out;
    private final TfliteSubgraph g = s.g;
    private final Map<Node, Integer> tensorOf = new HashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private Map<Node, String> tensorNames = new HashMap<>();

    private ModelExporter() {
        out.setDescription("LocalExpert ml-core export");
    }

    /** Exports the inference form of {@code model} (BatchNorm folded); {@code model} is not changed. */
    public static TfliteModel export(Model model) {
        ModelExporter e = new ModelExporter();
        e.run(model.foldBatchNorm());
        return e.out;
    }

    private void run(Model m) {
        List<Node> nodes = m.nodes();
        int[] consumers = new int[nodes.size()];
        for (Node n : nodes) for (Node in : n.inputs()) consumers[in.index()]++;
        Set<Node> outputs = new HashSet<>(m.outputs());

        // Fusion plan: producer → activation; the ReLU/ReLU6 node then reuses the producer's tensor.
        Map<Node, Activation> fused = new HashMap<>();
        Set<Node> fusedAway = new HashSet<>();
        for (Node n : nodes) {
            Activation a = n.layer() instanceof ReLU ? Activation.RELU : n.layer() instanceof ReLU6 ? Activation.RELU6 : null;
            if (a == null) continue;
            Node p = n.inputs().get(0);
            if (p.isInput() || consumers[p.index()] != 1 || outputs.contains(p) || fused.containsKey(p)) continue;
            if (!canFuse(p.layer())) continue;
            fused.put(p, a);
            fusedAway.add(n);
        }

        // A fused producer's output holds the activation's value, so it carries the activation's name.
        Map<Node, String> names = new HashMap<>();
        for (Node n : fusedAway) names.put(n.inputs().get(0), n.name());
        tensorNames = names;

        List<Integer> inputs = new ArrayList<>();
        for (Node n : nodes) {
            if (n.isInput()) {
                int t = activation(n.name(), n.shape());
                tensorOf.put(n, t);
                inputs.add(t);
            } else if (fusedAway.contains(n)) {
                tensorOf.put(n, tensorOf.get(n.inputs().get(0)));
            } else {
                emit(n, fused.getOrDefault(n, Activation.NONE));
            }
        }
        g.setInputs(inputs.stream().mapToInt(Integer::intValue).toArray());
        int[] outs = new int[m.outputs().size()];
        for (int i = 0; i < outs.length; i++) outs[i] = tensorOf.get(m.outputs().get(i));
        g.setOutputs(outs);
    }

    private static boolean canFuse(Layer l) {
        if (l instanceof Conv2D) return ((Conv2D) l).activation() == Activation.NONE;
        if (l instanceof DepthwiseConv2D) return ((DepthwiseConv2D) l).activation() == Activation.NONE;
        if (l instanceof Dense) return ((Dense) l).activation() == Activation.NONE;
        return l instanceof Pool2D || l instanceof Concatenate || l instanceof Add;
    }

    private void emit(Node n, Activation fusedAct) {
        Layer l = n.layer();
        int x = n.inputs().isEmpty() ? -1 : tensorOf.get(n.inputs().get(0));
        String name = n.name();
        if (l instanceof Conv2D) {
            Conv2D c = (Conv2D) l;
            Activation act = c.activation() != Activation.NONE ? c.activation() : fusedAct;
            Conv2DOptionsT o = new Conv2DOptionsT();
            o.setPadding(padding(c.padding()));
            o.setStrideH(c.strideH());
            o.setStrideW(c.strideW());
            o.setDilationHFactor(1);
            o.setDilationWFactor(1);
            o.setFusedActivationFunction(activation(act));
            int w = weights(name + "/kernel", c.kernel());
            int b = bias(name + "/bias", c.bias(), c.outChannels());
            put(n, op(BuiltinOperator.CONV_2D, BuiltinOptions.Conv2DOptions, o, new int[] {x, w, b}, n));
        } else if (l instanceof DepthwiseConv2D) {
            DepthwiseConv2D c = (DepthwiseConv2D) l;
            Activation act = c.activation() != Activation.NONE ? c.activation() : fusedAct;
            DepthwiseConv2DOptionsT o = new DepthwiseConv2DOptionsT();
            o.setPadding(padding(c.padding()));
            o.setStrideH(c.strideH());
            o.setStrideW(c.strideW());
            o.setDepthMultiplier(c.multiplier());
            o.setDilationHFactor(1);
            o.setDilationWFactor(1);
            o.setFusedActivationFunction(activation(act));
            int w = weights(name + "/kernel", c.kernel());
            int b = bias(name + "/bias", c.bias(), c.outChannels());
            put(n, op(BuiltinOperator.DEPTHWISE_CONV_2D, BuiltinOptions.DepthwiseConv2DOptions, o, new int[] {x, w, b}, n));
        } else if (l instanceof Dense) {
            Dense d = (Dense) l;
            Activation act = d.activation() != Activation.NONE ? d.activation() : fusedAct;
            FullyConnectedOptionsT o = new FullyConnectedOptionsT();
            o.setFusedActivationFunction(activation(act));
            int w = weights(name + "/weights", d.weights());
            int b = bias(name + "/bias", d.bias(), d.units());
            put(n, op(BuiltinOperator.FULLY_CONNECTED, BuiltinOptions.FullyConnectedOptions, o, new int[] {x, w, b}, n));
        } else if (l instanceof Pool2D) {
            Pool2D p = (Pool2D) l;
            Pool2DOptionsT o = new Pool2DOptionsT();
            o.setPadding(padding(p.padding()));
            o.setStrideH(p.strideH());
            o.setStrideW(p.strideW());
            o.setFilterHeight(p.poolH());
            o.setFilterWidth(p.poolW());
            o.setFusedActivationFunction(activation(fusedAct));
            int code = l instanceof MaxPool2D ? BuiltinOperator.MAX_POOL_2D : BuiltinOperator.AVERAGE_POOL_2D;
            if (!(l instanceof MaxPool2D) && !(l instanceof AveragePool2D)) unsupported(n);
            put(n, op(code, BuiltinOptions.Pool2DOptions, o, new int[] {x}, n));
        } else if (l instanceof GlobalAveragePool) {
            ReducerOptionsT o = new ReducerOptionsT();
            o.setKeepDims(((GlobalAveragePool) l).keepDims());
            int axes = constInts(name + "/axes", new int[] {1, 2});
            put(n, op(BuiltinOperator.MEAN, BuiltinOptions.ReducerOptions, o, new int[] {x, axes}, n));
        } else if (l instanceof Reshape) {
            int[] target = withBatch(-1, n.shape());
            ReshapeOptionsT o = new ReshapeOptionsT();
            o.setNewShape(target);
            int shape = constInts(name + "/shape", target);
            put(n, op(BuiltinOperator.RESHAPE, BuiltinOptions.ReshapeOptions, o, new int[] {x, shape}, n));
        } else if (l instanceof ReLU) {
            put(n, op(BuiltinOperator.RELU, BuiltinOptions.NONE, null, new int[] {x}, n));
        } else if (l instanceof ReLU6) {
            put(n, op(BuiltinOperator.RELU6, BuiltinOptions.NONE, null, new int[] {x}, n));
        } else if (l instanceof Logistic) {
            put(n, op(BuiltinOperator.LOGISTIC, BuiltinOptions.NONE, null, new int[] {x}, n));
        } else if (l instanceof Softmax) {
            SoftmaxOptionsT o = new SoftmaxOptionsT();
            o.setBeta(1f); // the schema default is 0, which would give a uniform distribution
            put(n, op(BuiltinOperator.SOFTMAX, BuiltinOptions.SoftmaxOptions, o, new int[] {x}, n));
        } else if (l instanceof Dropout) {
            tensorOf.put(n, x); // identity at inference
        } else if (l instanceof Add) {
            emitAdd(n, fusedAct);
        } else if (l instanceof Concatenate) {
            Concatenate c = (Concatenate) l;
            ConcatenationOptionsT o = new ConcatenationOptionsT();
            o.setAxis(c.axisFor(n.shape().length + 1));
            o.setFusedActivationFunction(activation(fusedAct));
            put(n, op(BuiltinOperator.CONCATENATION, BuiltinOptions.ConcatenationOptions, o, inputTensors(n), n));
        } else if (l instanceof Multiply) {
            put(n, op(BuiltinOperator.MUL, BuiltinOptions.MulOptions, new MulOptionsT(), inputTensors(n), n));
        } else if (l instanceof Subtract) {
            put(n, op(BuiltinOperator.SUB, BuiltinOptions.SubOptions, new SubOptionsT(), inputTensors(n), n));
        } else if (l instanceof SubtractFrom) {
            int c = constFloats(name + "/constant", new int[] {1}, new float[] {((SubtractFrom) l).constant()});
            put(n, op(BuiltinOperator.SUB, BuiltinOptions.SubOptions, new SubOptionsT(), new int[] {c, x}, n));
        } else if (l instanceof Slice) {
            Slice slice = (Slice) l;
            put(n, stridedSlice(name, x, n.shape().length + 1, slice.begin(), slice.begin() + slice.size(), 1, n.shape()));
        } else if (l instanceof ChannelShuffle) {
            emitShuffle(n, (ChannelShuffle) l, x);
        } else if (l instanceof BatchNorm) {
            BatchNorm bn = (BatchNorm) l;
            int[] c = {bn.channels()};
            int scale = constFloats(name + "/scale", c, bn.inferenceScale());
            int shift = constFloats(name + "/shift", c, bn.inferenceShift());
            int mid = activation(name + "/scaled", n.shape());
            op(BuiltinOperator.MUL, BuiltinOptions.MulOptions, new MulOptionsT(), new int[] {x, scale}, mid);
            AddOptionsT o = new AddOptionsT();
            o.setFusedActivationFunction(activation(fusedAct));
            put(n, op(BuiltinOperator.ADD, BuiltinOptions.AddOptions, o, new int[] {mid, shift}, n));
        } else {
            unsupported(n);
        }
    }

    private void emitAdd(Node n, Activation fusedAct) {
        int[] ins = inputTensors(n);
        int acc = ins[0];
        for (int i = 1; i < ins.length; i++) {
            boolean last = i == ins.length - 1;
            AddOptionsT o = new AddOptionsT();
            o.setFusedActivationFunction(activation(last ? fusedAct : Activation.NONE));
            int outT = last ? activation(tensorNames.getOrDefault(n, n.name()), n.shape()) : activation(n.name() + "/partial" + i, n.shape());
            op(BuiltinOperator.ADD, BuiltinOptions.AddOptions, o, new int[] {acc, ins[i]}, outT);
            acc = outT;
        }
        tensorOf.put(n, acc);
    }

    /**
     * Output channels q·g … q·g+g−1 are input channels q, q + C/g, q + 2C/g, …: one strided slice per
     * q, then a concatenation — or, when that would take many slices, one 1×1 convolution by the
     * permutation matrix (exact: each output is 1·x plus zeros).
     */
    private void emitShuffle(Node n, ChannelShuffle s, int x) {
        int c = s.channels(), groups = s.groups(), blocks = c / groups;
        int rank = n.shape().length + 1;
        if (blocks <= MAX_SHUFFLE_SLICES) {
            int[] parts = new int[blocks];
            for (int q = 0; q < blocks; q++) {
                int[] partShape = n.shape();
                partShape[partShape.length - 1] = groups;
                parts[q] = stridedSlice(n.name() + "/block" + q, x, rank, q, c, blocks, partShape);
            }
            ConcatenationOptionsT o = new ConcatenationOptionsT();
            o.setAxis(rank - 1);
            put(n, op(BuiltinOperator.CONCATENATION, BuiltinOptions.ConcatenationOptions, o, parts, n));
            return;
        }
        if (rank != 4) throw new IllegalArgumentException(n.name() + ": channel shuffle with " + blocks + " blocks needs a 4-D input");
        int[] perm = s.permutation();
        float[] k = new float[c * c];
        for (int o = 0; o < c; o++) k[o * c + perm[o]] = 1f;
        Conv2DOptionsT o = new Conv2DOptionsT();
        o.setPadding(org.tensorflow.lite.schema.Padding.VALID);
        o.setStrideH(1);
        o.setStrideW(1);
        o.setDilationHFactor(1);
        o.setDilationWFactor(1);
        int w = constFloats(n.name() + "/permutation", new int[] {c, 1, 1, c}, k);
        int b = constFloats(n.name() + "/zero", new int[] {c}, new float[c]);
        put(n, op(BuiltinOperator.CONV_2D, BuiltinOptions.Conv2DOptions, o, new int[] {x, w, b}, n));
    }

    /** STRIDED_SLICE of the last axis [begin, end) by {@code stride}; other axes taken whole through the masks. */
    private int stridedSlice(String name, int x, int rank, int begin, int end, int stride, int[] outShape) {
        int[] b = new int[rank], e = new int[rank], s = new int[rank];
        Arrays.fill(s, 1);
        b[rank - 1] = begin;
        e[rank - 1] = end;
        s[rank - 1] = stride;
        StridedSliceOptionsT o = new StridedSliceOptionsT();
        int wholeAxes = (1 << (rank - 1)) - 1;
        o.setBeginMask(wholeAxes);
        o.setEndMask(wholeAxes);
        int bt = constInts(name + "/begin", b), et = constInts(name + "/end", e), st = constInts(name + "/strides", s);
        int outT = activation(name, outShape);
        return op(BuiltinOperator.STRIDED_SLICE, BuiltinOptions.StridedSliceOptions, o, new int[] {x, bt, et, st}, outT);
    }

    private void put(Node n, int tensor) {
        tensorOf.put(n, tensor);
    }

    private int[] inputTensors(Node n) {
        int[] t = new int[n.inputs().size()];
        for (int i = 0; i < t.length; i++) t[i] = tensorOf.get(n.inputs().get(i));
        return t;
    }

    private int op(int code, byte optionsType, Object options, int[] inputs, Node n) {
        return op(code, optionsType, options, inputs, activation(tensorNames.getOrDefault(n, n.name()), n.shape()));
    }

    private int op(int code, byte optionsType, Object options, int[] inputs, int output) {
        return s.op(code, optionsType, options, inputs, output);
    }

    private static int[] withBatch(int batch, int[] perSample) {
        int[] s = new int[perSample.length + 1];
        s[0] = batch;
        System.arraycopy(perSample, 0, s, 1, perSample.length);
        return s;
    }

    private String unique(String name) {
        String n = name;
        for (int i = 2; !usedNames.add(n); i++) n = name + "_" + i;
        return n;
    }

    /** A float32 activation tensor [1, ...] with a resizable batch. */
    private int activation(String name, int[] perSample) {
        return s.activation(unique(name), perSample);
    }

    private int weights(String name, Parameter p) {
        return constFloats(name, p.value().shape(), p.value().data());
    }

    private int bias(String name, Parameter p, int size) {
        return p != null ? weights(name, p) : constFloats(name, new int[] {size}, new float[size]);
    }

    private int constFloats(String name, int[] shape, float[] data) {
        return s.constFloats(unique(name), shape, data);
    }

    private int constInts(String name, int[] data) {
        return s.constInts(unique(name), data);
    }

    private static byte padding(Padding p) {
        return p == Padding.SAME ? org.tensorflow.lite.schema.Padding.SAME : org.tensorflow.lite.schema.Padding.VALID;
    }

    private static byte activation(Activation a) {
        switch (a) {
            case RELU: return ActivationFunctionType.RELU;
            case RELU6: return ActivationFunctionType.RELU6;
            default: return ActivationFunctionType.NONE;
        }
    }

    private static void unsupported(Node n) {
        throw new IllegalArgumentException("cannot export layer '" + n.name() + "' (" + n.layer().getClass().getSimpleName()
                + ") to TFLite");
    }
}

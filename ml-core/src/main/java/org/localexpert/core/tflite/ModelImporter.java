package org.localexpert.core.tflite;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Add;
import org.localexpert.core.layer.AveragePool2D;
import org.localexpert.core.layer.BatchNorm;
import org.localexpert.core.layer.Concatenate;
import org.localexpert.core.layer.Conv2D;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.DepthwiseConv2D;
import org.localexpert.core.layer.GlobalAveragePool;
import org.localexpert.core.layer.Layer;
import org.localexpert.core.layer.Logistic;
import org.localexpert.core.layer.MaxPool2D;
import org.localexpert.core.layer.Multiply;
import org.localexpert.core.layer.Padding;
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
import org.tensorflow.lite.schema.ConcatenationOptionsT;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.MulOptionsT;
import org.tensorflow.lite.schema.Pool2DOptionsT;
import org.tensorflow.lite.schema.ReducerOptionsT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;
import org.tensorflow.lite.schema.StridedSliceOptionsT;
import org.tensorflow.lite.schema.SubOptionsT;
import org.tensorflow.lite.schema.TensorType;

/**
 * {@link TfliteModel} → ml-core {@link Model}, so the Java engine can run (and Grad-CAM, and train
 * on top of) a shipped {@code .tflite}. It takes exactly what {@link ModelExporter} writes plus what
 * the converter-made MobileNet v1 needs:
 *
 * <p>CONV_2D, DEPTHWISE_CONV_2D (dilation 1), FULLY_CONNECTED, MAX_POOL_2D, AVERAGE_POOL_2D, MEAN
 * over axes [1, 2], RESHAPE, SQUEEZE, RELU, RELU6, LOGISTIC, SOFTMAX (beta 1), ADD, MUL, SUB,
 * CONCATENATION, STRIDED_SLICE of the last axis; fused activations NONE/RELU/RELU6. Constant
 * per-channel operands of MUL/ADD become an affine BatchNorm (that is how the exporter writes an
 * unfolded one); a strided channel slice becomes a fixed 0/1 selection convolution (how a channel
 * shuffle reads back — the same function, exactly). Anything else is refused with an
 * {@link IncompatibleModelException} naming the operator.
 */
public final class ModelImporter {
    private final TfliteModel file;
    private final TfliteSubgraph g;
    private final Model.Builder b = Model.builder(0);
    private final Map<Integer, Node> nodeOf = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Map<Node, BatchNorm> fromMul = new HashMap<>();
    private final int[] readers;
    private int opIndex;
    private String opName;
    private int[] inputShape;

    private ModelImporter(TfliteModel file) {
        this.file = file;
        this.g = file.mainSubgraph();
        readers = new int[g.tensors().size()];
        for (TfliteOperator op : g.operators()) for (int t : op.inputs()) if (t >= 0) readers[t]++;
    }

    private boolean isGraphOutput(int tensor) {
        for (int o : g.outputs()) if (o == tensor) return true;
        return false;
    }

    public static Model toModel(TfliteModel file) throws IncompatibleModelException {
        return toModel(file, null);
    }

    /**
     * The part of {@code file} that computes {@code outputTensors} (default: the file's outputs),
     * for input images of {@code inputShape} (per sample, e.g. {@code 128, 128, 3}; null keeps the
     * file's). Operators after the last requested output are left out, so a converter-made
     * classifier becomes a feature extractor at another resolution, e.g. MobileNet v1 up to its
     * last ReLU6 at 128 px. With another input size the file's intermediate shapes no longer apply
     * and are not checked.
     */
    public static Model toModel(TfliteModel file, int[] inputShape, String... outputTensors) throws IncompatibleModelException {
        ModelImporter im = new ModelImporter(file);
        im.inputShape = inputShape == null ? null : inputShape.clone();
        try {
            return im.run(outputTensors);
        } catch (IllegalArgumentException | IllegalStateException | ArithmeticException | IndexOutOfBoundsException e) {
            // Layers and the model builder reject what does not fit (shapes, counts); say where.
            throw new IncompatibleModelException((im.opName == null ? "" : im.where() + ": ") + e.getMessage());
        }
    }

    private Model run(String[] outputTensors) throws IncompatibleModelException {
        int[] wanted = g.outputs();
        if (outputTensors.length > 0) {
            wanted = new int[outputTensors.length];
            for (int i = 0; i < wanted.length; i++) {
                wanted[i] = g.tensorIndex(outputTensors[i]);
                if (wanted[i] < 0) throw new IncompatibleModelException("the model has no tensor named '" + outputTensors[i] + "'");
            }
        }
        int[] inputs = g.inputs();
        if (inputShape != null && inputs.length != 1) throw new IncompatibleModelException("a new input shape needs a model with one input");
        for (int in : inputs) {
            TfliteTensor t = g.tensor(in);
            requireFloat(t, "input");
            if (t.rank() < 2) throw new IncompatibleModelException("input " + t + " needs a batch dimension and at least one more");
            nodeOf.put(in, b.input(unique(t.name(), "input"), inputShape != null ? inputShape : perSample(t)));
        }
        for (opIndex = 0; opIndex < g.operators().size() && !allComputed(wanted); opIndex++) {
            TfliteOperator op = g.operators().get(opIndex);
            TfliteOperatorCode code = file.operatorCode(op);
            opName = code.opName();
            try {
                importOp(code.builtinCode(), op);
            } catch (IllegalArgumentException e) {
                throw new IncompatibleModelException(where() + ": " + e.getMessage());
            }
        }
        opName = null;
        Node[] outs = new Node[wanted.length];
        for (int i = 0; i < outs.length; i++) {
            outs[i] = nodeOf.get(wanted[i]);
            if (outs[i] == null) throw new IncompatibleModelException("output " + g.tensor(wanted[i]) + " is not computed by any operator");
        }
        return b.build(outs);
    }

    private boolean allComputed(int[] tensors) {
        for (int t : tensors) if (!nodeOf.containsKey(t)) return false;
        return true;
    }

    private String where() {
        return "operator " + opIndex + " (" + opName + ")";
    }

    private void importOp(int code, TfliteOperator op) throws IncompatibleModelException {
        TfliteTensor outT = g.tensor(op.output(0));
        requireFloat(outT, "output");
        String name = unique(outT.name(), "op" + opIndex);
        switch (code) {
            case BuiltinOperator.CONV_2D: {
                Conv2DOptionsT o = op.options(Conv2DOptionsT.class);
                requireNoDilation(o.getDilationHFactor(), o.getDilationWFactor());
                float[] w = constant(op, 1);
                int[] ws = g.tensor(op.input(1)).shape();
                Conv2D c = new Conv2D(name, ws[3], ws[0], ws[1], ws[2], o.getStrideH(), o.getStrideW(),
                        padding(o.getPadding()), activation(o.getFusedActivationFunction()), true);
                setWeights(c.kernel(), w);
                setBias(c.bias(), op, 2);
                add(op, c, node(op, 0));
                return;
            }
            case BuiltinOperator.DEPTHWISE_CONV_2D: {
                DepthwiseConv2DOptionsT o = op.options(DepthwiseConv2DOptionsT.class);
                requireNoDilation(o.getDilationHFactor(), o.getDilationWFactor());
                Node x = node(op, 0);
                float[] w = constant(op, 1);
                int[] ws = g.tensor(op.input(1)).shape();
                int in = x.channels();
                if (ws[3] % in != 0) throw new IncompatibleModelException(where() + ": " + ws[3] + " output channels for " + in + " input channels");
                DepthwiseConv2D c = new DepthwiseConv2D(name, in, ws[3] / in, ws[1], ws[2], o.getStrideH(), o.getStrideW(),
                        padding(o.getPadding()), activation(o.getFusedActivationFunction()), true);
                setWeights(c.kernel(), w);
                setBias(c.bias(), op, 2);
                add(op, c, x);
                return;
            }
            case BuiltinOperator.FULLY_CONNECTED: {
                FullyConnectedOptionsT o = op.options(FullyConnectedOptionsT.class);
                Node x = node(op, 0);
                int[] ws = g.tensor(op.input(1)).shape();
                if (x.shape().length != 1) x = b.addKeepingWeights(new Reshape(unique(name + "/flatten", "flatten"), -1), x);
                Dense d = new Dense(name, ws[1], ws[0], activation(o.getFusedActivationFunction()), true);
                setWeights(d.weights(), constant(op, 1));
                setBias(d.bias(), op, 2);
                add(op, d, x);
                return;
            }
            case BuiltinOperator.MAX_POOL_2D:
            case BuiltinOperator.AVERAGE_POOL_2D: {
                Pool2DOptionsT o = op.options(Pool2DOptionsT.class);
                Layer p = code == BuiltinOperator.MAX_POOL_2D
                        ? new MaxPool2D(name, o.getFilterHeight(), o.getFilterWidth(), o.getStrideH(), o.getStrideW(), padding(o.getPadding()))
                        : new AveragePool2D(name, o.getFilterHeight(), o.getFilterWidth(), o.getStrideH(), o.getStrideW(), padding(o.getPadding()));
                addActivated(op, p, o.getFusedActivationFunction(), node(op, 0));
                return;
            }
            case BuiltinOperator.MEAN: {
                int[] axes = constantInts(op, 1);
                Node x = node(op, 0);
                if (x.shape().length != 3 || !Arrays.equals(sorted(axes), new int[] {1, 2})) {
                    throw new IncompatibleModelException(where() + ": only MEAN over height and width of a 4-D tensor is supported, got axes "
                            + Arrays.toString(axes));
                }
                add(op, new GlobalAveragePool(name, op.options(ReducerOptionsT.class).getKeepDims()), x);
                return;
            }
            case BuiltinOperator.RESHAPE:
            case BuiltinOperator.SQUEEZE: {
                // The output tensor's static shape says where the data goes; the batch stays free.
                add(op, new Reshape(name, perSample(outT)), node(op, 0));
                return;
            }
            case BuiltinOperator.RELU:
                add(op, new ReLU(name), node(op, 0));
                return;
            case BuiltinOperator.RELU6:
                add(op, new ReLU6(name), node(op, 0));
                return;
            case BuiltinOperator.LOGISTIC:
                add(op, new Logistic(name), node(op, 0));
                return;
            case BuiltinOperator.SOFTMAX: {
                float beta = op.options(SoftmaxOptionsT.class).getBeta();
                if (beta != 1f) throw new IncompatibleModelException(where() + ": softmax beta " + beta + " (only 1 is supported)");
                add(op, new Softmax(name), node(op, 0));
                return;
            }
            case BuiltinOperator.ADD:
            case BuiltinOperator.MUL:
            case BuiltinOperator.SUB:
                importBinary(code, op, name);
                return;
            case BuiltinOperator.CONCATENATION: {
                ConcatenationOptionsT o = op.options(ConcatenationOptionsT.class);
                Node[] ins = new Node[op.inputCount()];
                for (int i = 0; i < ins.length; i++) ins[i] = node(op, i);
                addActivated(op, new Concatenate(name, o.getAxis()), o.getFusedActivationFunction(), ins);
                return;
            }
            case BuiltinOperator.STRIDED_SLICE:
                importStridedSlice(op, name);
                return;
            default:
                throw new IncompatibleModelException(where() + " is not supported by the Java engine (it reads CONV_2D, "
                        + "DEPTHWISE_CONV_2D, FULLY_CONNECTED, MAX_POOL_2D, AVERAGE_POOL_2D, MEAN, RESHAPE, SQUEEZE, RELU, RELU6, "
                        + "LOGISTIC, SOFTMAX, ADD, MUL, SUB, CONCATENATION, STRIDED_SLICE)");
        }
    }

    private void importBinary(int code, TfliteOperator op, String name) throws IncompatibleModelException {
        boolean c0 = isConstant(op.input(0)), c1 = isConstant(op.input(1));
        byte act = code == BuiltinOperator.ADD ? op.options(AddOptionsT.class).getFusedActivationFunction()
                : code == BuiltinOperator.MUL ? op.options(MulOptionsT.class).getFusedActivationFunction()
                : op.options(SubOptionsT.class).getFusedActivationFunction();
        if (!c0 && !c1) {
            Layer l = code == BuiltinOperator.ADD ? new Add(name) : code == BuiltinOperator.MUL ? new Multiply(name) : new Subtract(name);
            addActivated(op, l, act, node(op, 0), node(op, 1));
            return;
        }
        if (code == BuiltinOperator.SUB && c0 && !c1) {
            float[] k = constant(op, 0);
            if (k.length != 1) throw new IncompatibleModelException(where() + ": only a scalar minus a tensor is supported");
            addActivated(op, new SubtractFrom(name, k[0]), act, node(op, 1));
            return;
        }
        if (code != BuiltinOperator.SUB && c0 != c1) {
            // x * scale or x + shift by a per-channel constant: an affine BatchNorm with mean 0, variance 1, epsilon 0.
            int xi = c0 ? 1 : 0;
            Node x = node(op, xi);
            float[] k = constant(op, 1 - xi);
            int ch = x.channels();
            if (k.length != ch && k.length != 1) {
                throw new IncompatibleModelException(where() + ": constant of " + k.length + " values for " + ch + " channels");
            }
            if (code == BuiltinOperator.ADD && fromMul.containsKey(x) && act == ActivationFunctionType.NONE
                    && readers[op.input(xi)] == 1 && !isGraphOutput(op.input(xi)) && k.length == ch) {
                // MUL by scale then ADD of shift: one BatchNorm, as the exporter wrote it.
                System.arraycopy(k, 0, fromMul.get(x).beta().value().data(), 0, ch);
                nodeOf.put(op.output(0), x);
                return;
            }
            BatchNorm bn = new BatchNorm(name, ch, 0.99f, 0f);
            float[] gamma = bn.gamma().value().data(), beta = bn.beta().value().data();
            for (int c = 0; c < ch; c++) {
                float v = k[k.length == 1 ? 0 : c];
                if (code == BuiltinOperator.MUL) gamma[c] = v; else beta[c] = v;
            }
            addActivated(op, bn, act, x);
            if (code == BuiltinOperator.MUL && act == ActivationFunctionType.NONE) fromMul.put(nodeOf.get(op.output(0)), bn);
            return;
        }
        throw new IncompatibleModelException(where() + ": unsupported constant operands");
    }

    private void importStridedSlice(TfliteOperator op, String name) throws IncompatibleModelException {
        StridedSliceOptionsT o = op.options(StridedSliceOptionsT.class);
        Node x = node(op, 0);
        int rank = x.shape().length + 1;
        int[] begin = constantInts(op, 1), end = constantInts(op, 2), strides = constantInts(op, 3);
        int last = rank - 1, whole = (1 << last) - 1;
        if (begin.length != rank || end.length != rank || strides.length != rank
                || (o.getBeginMask() & whole) != whole || (o.getEndMask() & whole) != whole
                || o.getEllipsisMask() != 0 || o.getNewAxisMask() != 0 || o.getShrinkAxisMask() != 0) {
            throw new IncompatibleModelException(where() + ": only slices of the last axis are supported");
        }
        for (int i = 0; i < last; i++) {
            if (strides[i] != 1) throw new IncompatibleModelException(where() + ": only slices of the last axis are supported");
        }
        int c = x.channels();
        int from = (o.getBeginMask() >> last & 1) != 0 ? 0 : begin[last];
        int to = (o.getEndMask() >> last & 1) != 0 ? c : Math.min(end[last], c);
        int stride = strides[last];
        if (from < 0 || stride < 1 || from >= to) throw new IncompatibleModelException(where() + ": unsupported slice bounds");
        if (stride == 1) {
            add(op, new Slice(name, from, to - from), x);
            return;
        }
        int outC = (to - from + stride - 1) / stride;
        float[] sel = new float[outC * c];
        for (int j = 0; j < outC; j++) sel[j * c + from + j * stride] = 1f;
        if (rank == 4) {
            Conv2D conv = new Conv2D(name, c, outC, 1, 1, 1, 1, Padding.VALID, Activation.NONE, false);
            setWeights(conv.kernel(), sel);
            add(op, conv, x);
        } else if (rank == 2) {
            Dense d = new Dense(name, c, outC, Activation.NONE, false);
            setWeights(d.weights(), sel);
            add(op, d, x);
        } else {
            throw new IncompatibleModelException(where() + ": strided slices are supported on 2-D and 4-D tensors only");
        }
    }

    private void add(TfliteOperator op, Layer layer, Node... inputs) throws IncompatibleModelException {
        Node n = b.addKeepingWeights(layer, inputs);
        int[] expected = perSample(g.tensor(op.output(0)));
        if (inputShape == null && !Arrays.equals(n.shape(), expected)) {
            throw new IncompatibleModelException(where() + ": computes shape " + Arrays.toString(n.shape())
                    + " but the file says " + Arrays.toString(expected));
        }
        nodeOf.put(op.output(0), n);
    }

    /** Adds {@code layer}, then a ReLU/ReLU6 layer for a fused activation the ml-core layer has no slot for. */
    private void addActivated(TfliteOperator op, Layer layer, byte act, Node... inputs) throws IncompatibleModelException {
        Activation a = activation(act);
        if (a == Activation.NONE) {
            add(op, layer, inputs);
            return;
        }
        Node n = b.addKeepingWeights(layer, inputs);
        Layer relu = a == Activation.RELU ? new ReLU(unique(layer.name() + "/relu", "relu")) : new ReLU6(unique(layer.name() + "/relu6", "relu6"));
        add(op, relu, n);
    }

    private Node node(TfliteOperator op, int i) throws IncompatibleModelException {
        int t = i < op.inputCount() ? op.input(i) : -1;
        Node n = t < 0 ? null : nodeOf.get(t);
        if (n == null) {
            throw new IncompatibleModelException(where() + ": input " + i + (t < 0 ? " is missing" : " " + g.tensor(t)
                    + " is not computed before this operator"));
        }
        return n;
    }

    private boolean isConstant(int tensor) {
        return tensor >= 0 && file.tensorData(g.tensor(tensor)).length > 0;
    }

    private float[] constant(TfliteOperator op, int i) throws IncompatibleModelException {
        int t = i < op.inputCount() ? op.input(i) : -1;
        if (!isConstant(t)) throw new IncompatibleModelException(where() + ": input " + i + " must be constant weights");
        TfliteTensor tensor = g.tensor(t);
        requireFloat(tensor, "weights");
        return TfliteBuffers.toFloats(file.tensorData(tensor));
    }

    private int[] constantInts(TfliteOperator op, int i) throws IncompatibleModelException {
        int t = i < op.inputCount() ? op.input(i) : -1;
        if (!isConstant(t) || g.tensor(t).type() != TensorType.INT32) {
            throw new IncompatibleModelException(where() + ": input " + i + " must be a constant int32 tensor");
        }
        return TfliteBuffers.toInts(file.tensorData(g.tensor(t)));
    }

    private void setWeights(Parameter p, float[] values) throws IncompatibleModelException {
        float[] dst = p.value().data();
        if (dst.length != values.length) {
            throw new IncompatibleModelException(where() + ": " + p.name() + " needs " + dst.length + " values, the file has " + values.length);
        }
        System.arraycopy(values, 0, dst, 0, dst.length);
    }

    private void setBias(Parameter p, TfliteOperator op, int i) throws IncompatibleModelException {
        if (i < op.inputCount() && op.input(i) >= 0) setWeights(p, constant(op, i));
        else p.value().fill(0f);
    }

    private void requireFloat(TfliteTensor t, String what) throws IncompatibleModelException {
        if (t.type() != TensorType.FLOAT32) {
            throw new IncompatibleModelException((opName == null ? "" : where() + ": ") + what + " " + t
                    + " is not float32 (the Java engine runs float models)");
        }
    }

    private static void requireNoDilation(int h, int w) {
        if (h > 1 || w > 1) throw new IllegalArgumentException("dilated convolutions are not supported");
    }

    private static int[] perSample(TfliteTensor t) {
        int[] s = t.shape();
        return Arrays.copyOfRange(s, 1, s.length);
    }

    private static int[] sorted(int[] v) {
        int[] s = v.clone();
        Arrays.sort(s);
        return s;
    }

    private static Padding padding(byte p) {
        return p == org.tensorflow.lite.schema.Padding.SAME ? Padding.SAME : Padding.VALID;
    }

    private Activation activation(byte a) throws IncompatibleModelException {
        switch (a) {
            case ActivationFunctionType.NONE: return Activation.NONE;
            case ActivationFunctionType.RELU: return Activation.RELU;
            case ActivationFunctionType.RELU6: return Activation.RELU6;
            default:
                throw new IncompatibleModelException(where() + ": fused activation " + ActivationFunctionType.name(a) + " is not supported");
        }
    }

    /** Layer names must be unique and non-empty; tensor names from other tools may be neither. */
    private String unique(String preferred, String fallback) {
        String base = preferred == null || preferred.trim().isEmpty() ? fallback : preferred;
        String n = base;
        for (int i = 2; !names.add(n); i++) n = base + "_" + i;
        return n;
    }
}

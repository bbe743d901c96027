package org.localexpert.core.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.BatchNorm;
import org.localexpert.core.layer.Conv2D;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.DepthwiseConv2D;
import org.localexpert.core.layer.Layer;
import org.localexpert.core.layer.ReLU;
import org.localexpert.core.layer.ReLU6;
import org.localexpert.core.tensor.Tensor;

/**
 * Builds the inference model of {@link Model#foldBatchNorm()}.
 *
 * <p>In inference BatchNorm is y = s·z + t per output channel (s = γ/√(var+ε), t = β − mean·s).
 * When z = W·x + b comes from a conv or dense layer, y = (s·W)·x + (s·b + t): scaling each output
 * channel's kernel row by s and replacing the bias gives one layer that computes the same thing —
 * one op fewer in the exported graph, and TFLite can then fuse the ReLU that follows.
 */
final class BatchNormFolding {
    private BatchNormFolding() {}

    static Model fold(Model src) {
        List<Node> nodes = src.nodes();
        // Plan: conv → BN (→ ReLU/ReLU6) chains that collapse into one layer.
        Map<Integer, Node> bnOf = new HashMap<>(), actOf = new HashMap<>();
        Map<Integer, Integer> headOf = new HashMap<>(); // absorbed node → node index of the conv it joins
        for (Node n : nodes) {
            if (!(n.layer() instanceof BatchNorm)) continue;
            Node p = n.inputs().get(0);
            if (!foldable(p.layer()) || src.soleReader(p) == null) continue; // the BN must be the conv's only reader
            bnOf.put(p.index(), n);
            headOf.put(n.index(), p.index());
            Node act = src.soleReader(n);
            if (act != null && (act.layer() instanceof ReLU || act.layer() instanceof ReLU6)) {
                actOf.put(p.index(), act);
                headOf.put(act.index(), p.index());
            }
        }
        // Plain conv (activation NONE) → ReLU/ReLU6 fuses too.
        for (Node n : nodes) {
            if (!foldable(n.layer()) || bnOf.containsKey(n.index())) continue;
            Node act = src.soleReader(n);
            if (act != null && (act.layer() instanceof ReLU || act.layer() instanceof ReLU6) && !headOf.containsKey(act.index())) {
                actOf.put(n.index(), act);
                headOf.put(act.index(), n.index());
            }
        }

        Model.Builder b = Model.builder();
        Node[] map = new Node[nodes.size()];
        for (Node n : nodes) {
            if (n.isInput()) {
                map[n.index()] = b.input(n.name(), n.shape());
                continue;
            }
            Integer head = headOf.get(n.index());
            Node[] ins = new Node[n.inputs().size()];
            for (int j = 0; j < ins.length; j++) ins[j] = map[n.inputs().get(j).index()];
            if (head != null) {
                Node fused = map[head];
                map[n.index()] = fused;
                b.alias(n.name(), fused);
                continue;
            }
            Node bn = bnOf.get(n.index()), act = actOf.get(n.index());
            Layer layer = n.layer().copy(n.name());
            if (bn != null || act != null) {
                Activation a = act == null ? Activation.NONE
                        : act.layer() instanceof ReLU ? Activation.RELU : Activation.RELU6;
                layer = fused(n.layer(), bn == null ? null : (BatchNorm) bn.layer(), a);
            }
            map[n.index()] = b.addKeepingWeights(layer, ins);
        }
        for (Map.Entry<String, String> a : src.aliases().entrySet()) {
            b.alias(a.getKey(), map[src.node(a.getValue()).index()]);
        }
        Node[] outs = new Node[src.outputs().size()];
        for (int i = 0; i < outs.length; i++) outs[i] = map[src.outputs().get(i).index()];
        return b.build(outs);
    }

    private static boolean foldable(Layer l) {
        if (l instanceof Conv2D) return ((Conv2D) l).activation() == Activation.NONE;
        if (l instanceof DepthwiseConv2D) return ((DepthwiseConv2D) l).activation() == Activation.NONE;
        if (l instanceof Dense) return ((Dense) l).activation() == Activation.NONE;
        return false;
    }

    /** A copy of conv/dense {@code l} with BatchNorm {@code bn} (may be null) folded in and activation {@code a}. */
    private static Layer fused(Layer l, BatchNorm bn, Activation a) {
        int out;
        float[] kernel, bias;
        Layer f;
        if (l instanceof Conv2D) {
            Conv2D c = (Conv2D) l;
            Conv2D n = new Conv2D(c.name(), c.inChannels(), c.outChannels(), c.kernelH(), c.kernelW(),
                    c.strideH(), c.strideW(), c.padding(), a, true);
            out = c.outChannels();
            copy(c.kernel().value(), n.kernel().value());
            if (c.bias() != null) copy(c.bias().value(), n.bias().value());
            kernel = n.kernel().value().data();
            bias = n.bias().value().data();
            f = n;
        } else if (l instanceof DepthwiseConv2D) {
            DepthwiseConv2D c = (DepthwiseConv2D) l;
            DepthwiseConv2D n = new DepthwiseConv2D(c.name(), c.inChannels(), c.multiplier(), c.kernelH(), c.kernelW(),
                    c.strideH(), c.strideW(), c.padding(), a, true);
            out = c.outChannels();
            copy(c.kernel().value(), n.kernel().value());
            if (c.bias() != null) copy(c.bias().value(), n.bias().value());
            kernel = n.kernel().value().data();
            bias = n.bias().value().data();
            f = n;
        } else {
            Dense d = (Dense) l;
            Dense n = new Dense(d.name(), d.inFeatures(), d.units(), a, true);
            out = d.units();
            copy(d.weights().value(), n.weights().value());
            if (d.bias() != null) copy(d.bias().value(), n.bias().value());
            kernel = n.weights().value().data();
            bias = n.bias().value().data();
            f = n;
        }
        if (bn != null) {
            float[] s = bn.inferenceScale(), t = bn.inferenceShift();
            // Conv2D/Dense kernels are [out, ...] (out slowest); depthwise is [1, kH, kW, out] (out fastest).
            boolean outFastest = l instanceof DepthwiseConv2D;
            int per = kernel.length / out;
            for (int i = 0; i < kernel.length; i++) kernel[i] *= s[outFastest ? i % out : i / per];
            for (int o = 0; o < out; o++) bias[o] = bias[o] * s[o] + t[o];
        }
        return f;
    }

    private static void copy(Tensor from, Tensor to) {
        System.arraycopy(from.data(), 0, to.data(), 0, from.size());
    }
}

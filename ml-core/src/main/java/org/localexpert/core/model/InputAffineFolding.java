package org.localexpert.core.model;

import java.util.List;
import java.util.Map;
import org.localexpert.core.layer.BatchNorm;
import org.localexpert.core.layer.Conv2D;
import org.localexpert.core.layer.Layer;
import org.localexpert.core.tensor.Tensor;

/**
 * Builds the model of {@link Model#foldInputAffine()}: a fixed per-channel map x → s·x + t applied
 * to a model input (a BatchNorm reading the input, e.g. the plant GE's [0, 1] → [−1, 1]) folded
 * into the Conv2D that reads it.
 *
 * <p>Why: exported, such a map is a MUL and an ADD with constant operands over the whole image,
 * which TFLite 2.6's XNNPACK delegate leaves to the slower built-in kernels — measured on the
 * 288-px plant GE, 1.2 of its 3.4 ms (a whole image in, a whole image out, twice).
 *
 * <p>How: W·(s·x + t) + b = (W·s)·x + (b + Σ W·t), each kernel tap of input channel c scaled by
 * s[c] and its t[c] share moved into the bias. That is exact for every output whose kernel window
 * lies inside the image. Where SAME padding puts zeros under the window, the original's padded taps
 * added nothing (a zero after the map, mid-grey before it), while the folded bias still adds their
 * share W·t, as if the padding were a zero pixel before the map (black): those border outputs change.
 * For a 3×3 stride-2 conv on an even size that is only the last output row and column, so this is an
 * explicit step of a recipe that measures its effect, not part of the exact {@link Model#foldBatchNorm()}.
 */
final class InputAffineFolding {
    private InputAffineFolding() {}

    /** {map, the conv reading it}: the first BatchNorm on a model input whose only reader is a Conv2D; null if none. */
    static Node[] find(Model src) {
        for (Node n : src.nodes()) {
            if (!(n.layer() instanceof BatchNorm) || !n.inputs().get(0).isInput()) continue;
            Node reader = src.soleReader(n);
            if (reader != null && reader.layer() instanceof Conv2D && reader.inputs().size() == 1) return new Node[] {n, reader};
        }
        return null;
    }

    static Model fold(Model src) {
        List<Node> nodes = src.nodes();
        Node[] found = find(src);
        if (found == null) {
            throw new IllegalArgumentException("no BatchNorm on a model input read only by a Conv2D: nothing to fold");
        }
        Node affine = found[0], conv = found[1];
        if (((BatchNorm) affine.layer()).inferenceScale().length != ((Conv2D) conv.layer()).inChannels()) {
            throw new IllegalArgumentException(affine.name() + " has a different channel count than " + conv.name() + " reads");
        }
        Model.Builder b = Model.builder();
        Node[] map = new Node[nodes.size()];
        for (Node n : nodes) {
            if (n.isInput()) {
                map[n.index()] = b.input(n.name(), n.shape());
            } else if (n == affine) {
                map[n.index()] = null; // folded away: its only reader now reads the input
            } else if (n == conv) {
                map[n.index()] = b.addKeepingWeights(folded((Conv2D) n.layer(), (BatchNorm) affine.layer()),
                        map[affine.inputs().get(0).index()]);
            } else {
                Node[] ins = new Node[n.inputs().size()];
                for (int j = 0; j < ins.length; j++) ins[j] = map[n.inputs().get(j).index()];
                map[n.index()] = b.addKeepingWeights(n.layer().copy(n.name()), ins);
            }
        }
        for (Map.Entry<String, String> a : src.aliases().entrySet()) {
            Node target = map[src.node(a.getValue()).index()];
            if (target != null) b.alias(a.getKey(), target);
        }
        Node[] outs = new Node[src.outputs().size()];
        for (int i = 0; i < outs.length; i++) outs[i] = map[src.outputs().get(i).index()];
        return b.build(outs);
    }

    private static Conv2D folded(Conv2D c, BatchNorm affine) {
        Conv2D f = new Conv2D(c.name(), c.inChannels(), c.outChannels(), c.kernelH(), c.kernelW(),
                c.strideH(), c.strideW(), c.padding(), c.activation(), true);
        float[] s = affine.inferenceScale(), t = affine.inferenceShift();
        float[] w = c.kernel().value().data(), fw = f.kernel().value().data(), fb = f.bias().value().data();
        Tensor bias = c.bias() == null ? null : c.bias().value();
        int in = c.inChannels(), perOut = w.length / c.outChannels(); // kernel [outC, kH, kW, inC]: inC fastest
        for (int o = 0; o < c.outChannels(); o++) {
            double shift = bias == null ? 0 : bias.data()[o];
            for (int k = 0; k < perOut; k++) {
                int i = o * perOut + k;
                shift += (double) w[i] * t[k % in];
                fw[i] = w[i] * s[k % in];
            }
            fb[o] = (float) shift;
        }
        return f;
    }
}

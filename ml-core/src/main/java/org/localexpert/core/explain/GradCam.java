package org.localexpert.core.explain;

import java.util.Arrays;
import org.localexpert.core.layer.GlobalAveragePool;
import org.localexpert.core.layer.Reshape;
import org.localexpert.core.layer.Softmax;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;
import org.localexpert.core.tensor.Tensor;

/**
 * Grad-CAM (Selvaraju et al. 2017) on an ml-core {@link Model}: where in the image the evidence for
 * a class lies, as seen by a convolution's feature maps A [h, w, c].
 *
 * <pre>
 *   alpha_c    = mean over (h, w) of d score / d A[h, w, c]
 *   heat[h, w] = ReLU(sum_c alpha_c * A[h, w, c]), scaled to [0, 1], upsampled bilinearly to the image
 * </pre>
 *
 * The score is the class's pre-softmax logit when the probabilities come from a {@link Softmax}
 * (the logit's gradient does not shrink as the model grows sure; the probability's does), else the
 * probability itself.
 *
 * <p>The gradient is taken on a frozen copy of the graph ({@link Model.Builder#include}) that ends at
 * the score, with the convolution's gradient retained: the caller's model, its frozen flags and its
 * parameter gradients stay untouched, and backward computes nothing but the path score → A (frozen
 * layers still pass gradients to nodes that are retained or lie on the way to one).
 */
public final class GradCam {
    private GradCam() {}

    /** One explanation: the heat map at the image's size and what it explains. */
    public static final class Result {
        /** [height * width] row-major, in [0, 1]; all zero when no position speaks for the class. */
        public final float[] heat;
        public final int height, width;
        /** The heat at the convolution's resolution, before upsampling, in [0, 1]. */
        public final float[] coarse;
        public final int coarseHeight, coarseWidth;
        public final int classIndex;
        /** The score's value for that class (a logit when {@link #scoreIsLogit}, else a probability). */
        public final float score;
        public final boolean scoreIsLogit;
        public final String convNode, scoreNode;

        Result(float[] heat, int height, int width, float[] coarse, int coarseHeight, int coarseWidth, int classIndex,
               float score, boolean scoreIsLogit, String convNode, String scoreNode) {
            this.heat = heat;
            this.height = height;
            this.width = width;
            this.coarse = coarse;
            this.coarseHeight = coarseHeight;
            this.coarseWidth = coarseWidth;
            this.classIndex = classIndex;
            this.score = score;
            this.scoreIsLogit = scoreIsLogit;
            this.convNode = convNode;
            this.scoreNode = scoreNode;
        }

        /** Share of the total heat inside rows [r0, r1) and columns [c0, c1). */
        public double massIn(int r0, int r1, int c0, int c1) {
            double in = 0, all = 0;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float v = heat[y * width + x];
                    all += v;
                    if (y >= r0 && y < r1 && x >= c0 && x < c1) in += v;
                }
            }
            return all == 0 ? 0 : in / all;
        }

        /** {row, column} of the hottest pixel. */
        public int[] peak() {
            int best = 0;
            for (int i = 1; i < heat.length; i++) if (heat[i] > heat[best]) best = i;
            return new int[] {best / width, best % width};
        }
    }

    /**
     * The last feature map before global pooling: the input of the last {@link GlobalAveragePool}
     * that reads an image-shaped node, or failing that the last image-shaped ([h, w, c]) node computed
     * from image-shaped nodes only.
     */
    public static String lastConvolution(Model model) {
        String found = null;
        for (Node n : model.nodes()) {
            if (!n.isInput() && n.layer() instanceof GlobalAveragePool && n.inputs().get(0).shape().length == 3) {
                found = n.inputs().get(0).name();
            }
        }
        if (found != null) return found;
        // No global pooling (e.g. LeNet flattens): the last feature map that descends from the image
        // through feature maps only — not a [1, 1, k] reshape of some vector further on (a gate's max pool).
        boolean[] fromImage = new boolean[model.nodes().size()];
        for (Node n : model.nodes()) {
            boolean f = n.shape().length == 3;
            if (f && !n.isInput()) {
                boolean any = false;
                for (Node in : n.inputs()) any |= fromImage[in.index()];
                f = any;
            }
            fromImage[n.index()] = f;
            if (f && !n.isInput()) found = n.name();
        }
        if (found == null) throw new IllegalArgumentException("the model has no image-shaped layer to explain");
        return found;
    }

    /**
     * The node whose value is the class score for the probabilities in {@code probabilitiesNode}:
     * the logits feeding its {@link Softmax} (through reshapes), else the node itself.
     */
    public static String scoreNodeFor(Model model, String probabilitiesNode) {
        Node n = model.node(probabilitiesNode);
        while (!n.isInput() && n.layer() instanceof Reshape) n = n.inputs().get(0);
        if (!n.isInput() && n.layer() instanceof Softmax) return n.inputs().get(0).name();
        return model.node(probabilitiesNode).name();
    }

    /** Grad-CAM for the model's first output, on its last convolution, for the predicted class. */
    public static Result explain(Model model, Tensor image) {
        String probs = model.outputs().get(0).name();
        return explain(model, image, lastConvolution(model), probs, -1);
    }

    /**
     * Grad-CAM of class {@code classIndex} (or, when negative, the class with the highest score) of
     * the probabilities at {@code probabilitiesNode}, on the feature map {@code convNode}.
     *
     * @param image one image [1, H, W, C] for a model with one image input
     */
    public static Result explain(Model model, Tensor image, String convNode, String probabilitiesNode, int classIndex) {
        if (model.inputs().size() != 1) throw new IllegalArgumentException("Grad-CAM needs a model with one input, this one has " + model.inputs().size());
        Node input = model.inputs().get(0);
        int[] s = image.shape();
        if (s.length != 4 || s[0] != 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, 4), input.shape())) {
            throw new IllegalArgumentException("Grad-CAM explains one image of shape [1, " + Arrays.toString(input.shape()).substring(1)
                    + " but got " + Arrays.toString(s));
        }
        Node conv = model.node(convNode);
        if (conv.shape().length != 3) {
            throw new IllegalArgumentException("'" + convNode + "' is not a feature map [h, w, c] but " + Arrays.toString(conv.shape()));
        }
        String scoreName = scoreNodeFor(model, probabilitiesNode);
        Node score = model.node(scoreName);
        if (score.shape().length != 1) throw new IllegalArgumentException("'" + scoreName + "' does not give one score per class");
        int classes = score.shape()[0];
        if (classIndex >= classes) throw new IllegalArgumentException("class " + classIndex + " of " + classes);

        // A frozen probe ending at the score: the caller's model is left as it was.
        Model.Builder b = Model.builder(0);
        Node x = b.input(input.name(), input.shape());
        java.util.Map<String, Node> copies = b.include(model, "", x);
        Model probe = b.build(copies.get(score.name()));
        probe.freeze();
        probe.setThreads(model.threads());
        String convCopy = copies.get(conv.name()).name();
        probe.retainGradients(convCopy);

        float[] scores = probe.forward(false, image)[0].data().clone();
        if (classIndex < 0) {
            classIndex = 0;
            for (int j = 1; j < classes; j++) if (scores[j] > scores[classIndex]) classIndex = j;
        }
        Tensor oneHot = Tensor.zeros(1, classes);
        oneHot.data()[classIndex] = 1f;
        probe.backward(oneHot);
        Tensor a = probe.output(convCopy);
        Tensor g = probe.gradient(convCopy);
        if (g == null) throw new IllegalArgumentException("the score '" + scoreName + "' does not depend on '" + convNode + "'");

        int h = conv.shape()[0], w = conv.shape()[1], c = conv.shape()[2];
        float[] ad = a.data(), gd = g.data();
        double[] alpha = new double[c];
        for (int p = 0; p < h * w; p++) for (int k = 0; k < c; k++) alpha[k] += gd[p * c + k];
        for (int k = 0; k < c; k++) alpha[k] /= h * w;
        float[] coarse = new float[h * w];
        float max = 0;
        for (int p = 0; p < h * w; p++) {
            double sum = 0;
            for (int k = 0; k < c; k++) sum += alpha[k] * ad[p * c + k];
            coarse[p] = (float) Math.max(0, sum);
            max = Math.max(max, coarse[p]);
        }
        if (max > 0) for (int p = 0; p < coarse.length; p++) coarse[p] /= max;
        int height = input.shape()[0], width = input.shape()[1];
        return new Result(upsample(coarse, h, w, height, width), height, width, coarse, h, w, classIndex, scores[classIndex],
                !scoreName.equals(model.node(probabilitiesNode).name()), conv.name(), scoreName);
    }

    /**
     * Bilinear resize of a [h, w] map to [outH, outW], pixel centres aligned (the map covers the
     * image edge to edge, as a feature map covers its receptive fields).
     */
    public static float[] upsample(float[] map, int h, int w, int outH, int outW) {
        float[] out = new float[outH * outW];
        for (int y = 0; y < outH; y++) {
            float sy = Math.max(0f, Math.min(h - 1f, (y + 0.5f) * h / outH - 0.5f));
            int y0 = (int) sy, y1 = Math.min(h - 1, y0 + 1);
            float fy = sy - y0;
            for (int x = 0; x < outW; x++) {
                float sx = Math.max(0f, Math.min(w - 1f, (x + 0.5f) * w / outW - 0.5f));
                int x0 = (int) sx, x1 = Math.min(w - 1, x0 + 1);
                float fx = sx - x0;
                float top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx;
                float bottom = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx;
                out[y * outW + x] = top * (1 - fy) + bottom * fy;
            }
        }
        return out;
    }
}

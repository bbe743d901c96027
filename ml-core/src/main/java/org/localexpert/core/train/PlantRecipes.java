package org.localexpert.core.train;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.BatchNorm;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.Dropout;
import org.localexpert.core.layer.GlobalAveragePool;
import org.localexpert.core.layer.Layer;
import org.localexpert.core.layer.Softmax;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.tflite.IncompatibleModelException;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteFormatException;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteOperator;
import org.localexpert.core.tflite.TfliteReader;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * The plant global expert's recipe (issue 6), by transfer learning: the ImageNet MobileNet v1 0.25
 * (converter-made {@code .tflite} in {@code backbones/}) rebuilt at {@value #IMAGE_SIZE} px (above the 224 px it
 * learnt ImageNet at: a leaf lesion covers more of its receptive fields) and cut
 * before its classifier, then global average pooling (256 features) and a small softmax head for
 * the plant labels. Blocks before the first tuned one stay frozen (ImageNet features), the later
 * blocks are fine-tuned.
 *
 * <p>Training is in two phases: the head alone, then the tuned blocks with the head. The shipped
 * recipe ("cached") runs the frozen stem once per photo and per augmented copy
 * ({@value #AUGMENTED_COPIES} copies, {@link #cachedCopyAugmentation}) and trains both phases on
 * those stored outputs: only the tuned blocks and the head run per epoch, so many epochs are
 * affordable. The "online" variant trains phase 2 on the photos themselves, augmented afresh every
 * epoch ({@link #photoAugmentation}: a crop in any of the 8 orientations, colour jitter), the frozen
 * blocks running forward every step; it is kept for comparison: in the epochs it could afford it
 * still under-fitted its harder training views (models/plant/README.md, "What was tried to reach 97 %").
 *
 * <p>Input: [S, S, 3] RGB in [0, 1] ({@link org.localexpert.core.data.PhotoPreprocessor}); the
 * backbone expects (x·255 − 127.5)/127.5 = 2x − 1, which the model's first layer applies (a fixed
 * per-channel affine map; in the shipped form folded into the first convolution's weights, see
 * {@link #inferenceModel(Model)}), so the app feeds the same [0, 1] photo as every other GE.
 */
public final class PlantRecipes {
    /**
     * The shipped GE's input size, above the backbone's own 224 px: the field photos are up to 384 px on
     * their long side, and resolution was what moved validation accuracy most (models/plant/README.md,
     * "What was tried to reach 97 %").
     */
    public static final int IMAGE_SIZE = 288;
    /** Augmented feature copies per training photo, besides the photo itself. */
    public static final int AUGMENTED_COPIES = 4;
    /** Epochs of the head alone, then of tail and head together. */
    public static final int DEFAULT_EPOCHS = 8;
    public static final int DEFAULT_FINE_TUNE_EPOCHS = 15;
    public static final int BATCH_SIZE = 64;
    /** AdamW rates: the head alone on cached features, then the tuned blocks with the head. */
    public static final double HEAD_LEARNING_RATE = 3e-3;
    public static final double FINE_TUNE_LEARNING_RATE = 1e-3;
    public static final String BACKBONE_FILE = "mobilenet_v1_0.25_224.tflite";
    /** Name of the trainable part's input (the stem's output). */
    public static final String FEATURES = "features";

    /** MobileNet v1 has blocks 1..13 (depthwise + pointwise) after its first convolution. */
    public static final int LAST_BLOCK = 13;
    /** Blocks from this one on are fine-tuned; the stem before it stays frozen. */
    public static final int DEFAULT_FIRST_TUNED_BLOCK = 6;

    /** The converter's name of MobileNet v1's input tensor: {@link #backbone} cut there fine-tunes every block. */
    public static final String IMAGE_INPUT = "input";

    /**
     * The output tensor of MobileNet v1's block {@code block} (0 = its first, full convolution), as
     * the converter names it; −1 = the image input ({@link #IMAGE_INPUT}: nothing frozen).
     */
    public static String blockOutput(int block) {
        if (block == -1) return IMAGE_INPUT;
        if (block < 0 || block > LAST_BLOCK) throw new IllegalArgumentException("MobileNet v1 blocks are 0.." + LAST_BLOCK + ", got " + block);
        return block == 0 ? "MobilenetV1/MobilenetV1/Conv2d_0/Relu6" : "MobilenetV1/MobilenetV1/Conv2d_" + block + "_pointwise/Relu6";
    }

    private PlantRecipes() {}

    /**
     * MobileNet v1 0.25 at {@code size} px, in two parts: {@code [0]} the stem, [S, S, 3] in [0, 1]
     * → the output of {@code cut} (frozen), and {@code [1]} the rest of the network up to its last
     * pointwise ReLU6 (before the converter's 224-px average pool), taking the stem's output.
     * {@code cut == null} puts the whole network in the stem and leaves {@code [1]} null (head-only
     * transfer). {@code backboneDir} holds {@value #BACKBONE_FILE}.
     */
    public static Model[] backbone(File backboneDir, int size, String cut) throws IOException, IncompatibleModelException, TfliteFormatException {
        File file = new File(backboneDir, BACKBONE_FILE);
        if (!file.isFile()) throw new IOException("backbone not found: " + file.getPath() + " (see ../shared/data/backbones)");
        TfliteModel m = TfliteReader.read(file.toPath());
        // The classifier starts at the converter's 7×7 average pool (fixed to 224 px): cut at its input.
        String lastConv = null;
        for (TfliteOperator op : m.mainSubgraph().operators()) {
            if (m.operatorCode(op).builtinCode() == BuiltinOperator.AVERAGE_POOL_2D) lastConv = m.mainSubgraph().tensor(op.input(0)).name();
        }
        if (lastConv == null) throw new IncompatibleModelException(file + " has no AVERAGE_POOL_2D: not the MobileNet v1 classifier");
        int[] shape = {size, size, 3};
        Model whole = ModelImporter.toModel(m, shape, lastConv);
        String imageIn = whole.inputs().get(0).name();
        // Cut at the image itself: everything is trainable, the stem is only the [0, 1] → [-1, 1] map.
        boolean allTuned = imageIn.equals(cut);
        Model stemNet = cut == null ? whole : allTuned ? null : ModelImporter.toModel(m, shape, cut);
        Model.Builder b = Model.builder(0);
        Node image = b.input("image", shape);
        BatchNorm toSigned = new BatchNorm("to_signed", 3);
        for (int c = 0; c < 3; c++) {
            toSigned.gamma().value().data()[c] = 2f;
            toSigned.beta().value().data()[c] = -1f;
            toSigned.movingMean().data()[c] = 0f;
            toSigned.movingVariance().data()[c] = 1f - toSigned.epsilon(); // sqrt(var + eps) = 1: scale exactly 2
        }
        Node x = b.addKeepingWeights(toSigned, image); // add() would re-initialise the fixed scale and shift
        String stemOut = allTuned ? imageIn : stemNet.outputs().get(0).name();
        Model stem = b.build(allTuned ? x : b.include(stemNet, "mobilenet/", x).get(stemOut));
        stem.freeze(); // never trained: ImageNet features
        return new Model[] {stem, cut == null ? null : chainAfter(whole, stemOut, "mobilenet/")};
    }

    /**
     * The nodes of a single-path model after the one named {@code from}, as a model whose input
     * has {@code from}'s shape; layer names get {@code prefix}. Weights are kept (copied).
     */
    static Model chainAfter(Model chain, String from, String prefix) {
        Model.Builder b = Model.builder(0);
        Node x = null;
        for (Node n : chain.nodes()) {
            if (x == null) {
                if (n.name().equals(from)) x = b.input(prefix + from, n.shape());
                continue;
            }
            if (n.inputs().size() != 1) throw new IllegalArgumentException("not a single-path network at " + n.name());
            x = b.addKeepingWeights(n.layer().copy(prefix + n.name()), x);
        }
        if (x == null) throw new IllegalArgumentException("no node named '" + from + "'");
        return b.build(x);
    }

    /**
     * The trainable part: [the backbone's tail, if any] → global average pool → dropout → dense
     * logits, on the stem's output of shape {@code stemShape}. The tail starts frozen.
     */
    public static Model trainable(Model tail, int[] stemShape, int classes, long seed) {
        Model.Builder b = Model.builder(seed);
        Node in = b.input(FEATURES, stemShape);
        Node x = in;
        if (tail != null) x = b.include(tail, "", in).get(tail.outputs().get(0).name());
        Node f = b.add(new GlobalAveragePool("pool"), x);
        Node d = b.add(new Dropout("head_dropout", 0.2f, seed), f);
        Model model = b.build(b.add(new Dense("logits", f.shape()[0], classes, Activation.NONE), d));
        if (tail != null) for (Layer l : tail.layers()) model.freeze(l.name());
        return model;
    }

    /** Names of the tail's layers in {@code trainable} (to unfreeze for fine-tuning). */
    public static String[] tailLayers(Model tail) {
        List<String> names = new ArrayList<>();
        for (Layer l : tail.layers()) names.add(l.name());
        return names.toArray(new String[0]);
    }

    /**
     * Training: AdamW at {@code learningRate} with 5 % warm-up and cosine decay, label smoothing 0.1,
     * the best validation epoch kept. Head only: 3e-3; fine-tuning the tail with the head: 1e-3.
     */
    public static TrainerOptions.Builder options(int epochs, double learningRate, long seed, int threads) {
        return TrainerOptions.builder()
                .epochs(epochs)
                .batchSize(BATCH_SIZE)
                .seed(seed)
                .threads(threads)
                .restoreBest(true)
                .labelSmoothing(0.1)
                .optimizer(() -> Adam.adamW(learningRate, 1e-3))
                .schedule(total -> LearningRateSchedule.warmupCosine(learningRate, Math.max(1, Math.min(total / 20, total - 1)), total, 1e-6));
    }

    /** Default smallest crop (share of the photo's area) of {@link #photoAugmentation}. */
    public static final double MIN_CROP_AREA = 0.5;

    /**
     * Photo augmentation, drawn afresh for every photo in every fine-tuning epoch (and once per
     * cached feature copy for the head phase): a crop of ≥ {@code minCropArea} of the area in any of
     * the 8 orientations (flips and 90° turns: a leaf has no "up"), colour jitter 0.2.
     */
    public static Augmentation photoAugmentation(double minCropArea) {
        return new RandomLeafView(minCropArea).then(new ColorJitter(0.2, 0.2, 0.2));
    }

    public static Augmentation photoAugmentation() {
        return photoAugmentation(MIN_CROP_AREA);
    }

    /**
     * The shipped recipe's augmentation of its cached copies (computed once, not per epoch): crop
     * ≥ 60 % of the area, flips in x and y, colour jitter 0.2.
     */
    public static Augmentation cachedCopyAugmentation() {
        return new RandomCropFlip(0.6, true).then(new ColorJitter(0.2, 0.2, 0.2));
    }

    /**
     * Fresh augmentation of cached feature maps (the stem's outputs, [h, w, c]) in every epoch: a
     * crop of ≥ {@code minArea} of the map scaled back to its size, flips in x and y. It costs
     * almost nothing beside the tuned blocks, unlike augmenting the photos, and keeps the tuned
     * blocks from memorising the few fixed copies of each photo.
     */
    public static Augmentation featureAugmentation(double minArea) {
        return new RandomCropFlip(minArea, true);
    }

    /**
     * Copies the head ({@code logits} dense layer) of {@code from} into {@code to}: the head learned
     * on cached features starts the fine-tuning, so the tail's first updates are not driven by a
     * random classifier.
     */
    public static void copyHead(Model from, Model to) {
        Dense a = (Dense) layer(from, "logits"), b = (Dense) layer(to, "logits");
        if (a.weights().value().size() != b.weights().value().size()) throw new IllegalArgumentException("the heads differ in shape");
        System.arraycopy(a.weights().value().data(), 0, b.weights().value().data(), 0, a.weights().value().size());
        System.arraycopy(a.bias().value().data(), 0, b.bias().value().data(), 0, a.bias().value().size());
    }

    private static Layer layer(Model m, String name) {
        for (Layer l : m.layers()) if (l.name().equals(name)) return l;
        throw new IllegalArgumentException("no layer '" + name + "'");
    }

    /** Called after each batch of photos run through the backbone. */
    public interface FeatureProgress {
        void progress(int done, int total);
    }

    /**
     * The backbone's features for every photo of {@code photos} (in order), followed by
     * {@code copies} augmented versions of each ({@link #cachedCopyAugmentation}, seeded by
     * {@code seed}, copy and index, so the same call gives the same features). Labels and sources are kept.
     */
    public static Dataset features(Model backbone, Dataset photos, int copies, long seed, FeatureProgress progress) {
        return features(backbone, photos, copies, cachedCopyAugmentation(), seed, progress);
    }

    /** {@link #features} with the given augmentation for the copies. */
    public static Dataset features(Model backbone, Dataset photos, int copies, Augmentation aug, long seed, FeatureProgress progress) {
        int[] shape = photos.shape();
        int per = photos.featureSize();
        int n = photos.size();
        int batch = 32;
        int total = n * (copies + 1);
        List<Example> out = new ArrayList<>(total);
        Rng rng = new Rng(seed);
        int done = 0;
        for (int copy = 0; copy <= copies; copy++) {
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                float[] x = new float[(to - from) * per];
                for (int i = from; i < to; i++) {
                    System.arraycopy(photos.get(i).features(), 0, x, (i - from) * per, per);
                    if (copy > 0) {
                        rng.reseed(Rng.mix(seed, copy, i));
                        aug.apply(x, (i - from) * per, shape[0], shape[1], shape[2], rng);
                    }
                }
                int[] bshape = new int[shape.length + 1];
                bshape[0] = to - from;
                System.arraycopy(shape, 0, bshape, 1, shape.length);
                Tensor f = backbone.forward(Tensor.of(x, bshape), false);
                int k = f.size() / (to - from);
                int[] fshape = Arrays.copyOfRange(f.shape(), 1, f.rank());
                for (int i = from; i < to; i++) {
                    Example e = photos.get(i);
                    out.add(new Example(Arrays.copyOfRange(f.data(), (i - from) * k, (i - from + 1) * k), fshape, e.label(), e.source()));
                }
                done += to - from;
                if (progress != null) progress.progress(done, total);
            }
        }
        return new Dataset(out, photos.labelNames(), out.isEmpty() ? new int[] {0} : out.get(0).shape());
    }

    /**
     * {@code d} with its labels renamed into {@code allLabels} (each of d's labels must be there),
     * so several photo sets join into one label space.
     */
    public static Dataset relabel(Dataset d, List<String> allLabels) {
        List<Example> out = new ArrayList<>(d.size());
        for (Example e : d.examples()) {
            int to = allLabels.indexOf(d.labelNames().get(e.label()));
            if (to < 0) throw new IllegalArgumentException("label '" + d.labelNames().get(e.label()) + "' is not in " + allLabels);
            out.add(e.withLabel(to));
        }
        return new Dataset(out, allLabels, d.shape());
    }

    /** The labels of several sets, in order, each once. */
    public static List<String> unionLabels(Dataset... sets) {
        List<String> all = new ArrayList<>();
        for (Dataset d : sets) for (String l : d.labelNames()) if (!all.contains(l)) all.add(l);
        return Collections.unmodifiableList(all);
    }

    /**
     * Photo in [0, 1] → stem → trainable part → logits: the network fine-tuned on augmented photos
     * (the stem's layers stay frozen, the trainable part's keep their flags). Layers are copies.
     */
    public static Model network(Model stem, Model trained) {
        Model.Builder b = Model.builder();
        Node in = b.input("image", stem.inputs().get(0).shape());
        Node f = b.include(stem, "", in).get(stem.outputs().get(0).name());
        return b.build(b.include(trained, "", f).get(trained.outputs().get(0).name()));
    }

    /**
     * The shipped form of a {@link #network}: its logits → softmax probabilities, with the input's
     * [0, 1] → [−1, 1] map folded into the first convolution ({@link Model#foldInputAffine()}). Exported
     * as its own MUL and ADD that map took 1.2 of the 288-px GE's 3.4 ms on real TFLite (XNNPACK leaves
     * constant-operand MUL/ADD to slower kernels); folded, only the first conv's last output row and
     * column change (its SAME padding now stands for black, not mid-grey), which changed no test
     * prediction and one validation photo (wrong → right) of the 288-px GE.
     */
    public static Model inferenceModel(Model network) {
        Model.Builder b = Model.builder();
        Node in = b.input("image", network.inputs().get(0).shape());
        Node logits = b.include(network, "", in).get(network.outputs().get(0).name());
        Model m = b.build(b.add(new Softmax("probabilities"), logits));
        return m.hasFoldableInputAffine() ? m.foldInputAffine() : m; // a from-scratch network reads [0, 1] itself
    }

    /** The shipped form: photo in [0, 1] → stem → trained part → softmax probabilities. */
    public static Model inferenceModel(Model stem, Model trained) {
        return inferenceModel(network(stem, trained));
    }
}

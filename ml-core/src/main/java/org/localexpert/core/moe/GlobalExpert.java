package org.localexpert.core.moe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.localexpert.core.data.Batch;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.Dropout;
import org.localexpert.core.layer.Softmax;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.ModelCost;
import org.localexpert.core.model.Node;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.tflite.ModelExporter;
import org.localexpert.core.tflite.TfliteWriter;

/**
 * A frozen global expert (GE) seen the way the mixture uses it: its input, its penultimate
 * features (what the local expert and the gate read) and its class probabilities.
 *
 * <p>The feature node is found from the graph's structure, not from names, so the same code works
 * for a freshly trained LeNet-5 and for one read back from a {@code .tflite}: the output is a
 * Softmax over logits (or the logits themselves), the logits come from a final Dense, and the
 * features are that Dense's input (Dropout, an identity at inference, is skipped).
 *
 * <p>The GE is never changed: {@link #model()} is frozen, and everything built from it works on
 * copies of its layers.
 */
public final class GlobalExpert {
    private final Model model;
    private final List<String> labels;
    private final String featuresNode;
    private final String logitsNode;
    private final boolean endsInSoftmax;
    private Model extractor;
    private byte[] featureGraph;
    private long macs = -1;

    private GlobalExpert(Model model, List<String> labels, String featuresNode, String logitsNode, boolean endsInSoftmax) {
        this.model = model;
        this.labels = Collections.unmodifiableList(new ArrayList<>(labels));
        this.featuresNode = featuresNode;
        this.logitsNode = logitsNode;
        this.endsInSoftmax = endsInSoftmax;
    }

    /**
     * Wraps {@code model} (one input, one output: probabilities via Softmax, or logits) whose
     * classes are {@code labels}. Freezes it.
     *
     * @throws IllegalArgumentException when the model does not end in Dense (→ Softmax)
     */
    public static GlobalExpert of(Model model, List<String> labels) {
        if (model.inputs().size() != 1 || model.outputs().size() != 1) {
            throw new IllegalArgumentException("a global expert has one input and one output; this model has "
                    + model.inputs().size() + " and " + model.outputs().size());
        }
        Node out = model.outputs().get(0);
        boolean softmax = !out.isInput() && out.layer() instanceof Softmax;
        Node logits = softmax ? out.inputs().get(0) : out;
        if (logits.isInput() || !(logits.layer() instanceof Dense)) {
            throw new IllegalArgumentException("the global expert must end in a dense layer (optionally followed by softmax); it ends in " + logits);
        }
        Node features = logits.inputs().get(0);
        while (!features.isInput() && features.layer() instanceof Dropout) features = features.inputs().get(0);
        if (features.isInput()) throw new IllegalArgumentException("the global expert has no hidden layer to read features from");
        if (logits.shape()[0] != labels.size()) {
            throw new IllegalArgumentException("the global expert has " + logits.shape()[0] + " classes but " + labels.size() + " labels were given");
        }
        model.freeze();
        return new GlobalExpert(model, labels, features.name(), logits.name(), softmax);
    }

    public Model model() {
        return model;
    }

    /**
     * The same GE with the features a local expert and gate learn from (and the familiarity check compares) read at
     * {@code node}, a rank-1 layer output before the classifier, instead of at the classifier's input — e.g. below the
     * layers an outlier-exposure fine-tune trained. Its {@link #classifier()} then no longer reads these features.
     *
     * @throws IllegalArgumentException when the model has no such node or its output is not a vector
     */
    public GlobalExpert readingFeaturesAt(String node) {
        if (!model.hasNode(node)) throw new IllegalArgumentException("the global expert has no layer '" + node + "'");
        int[] shape = model.node(node).shape();
        if (shape.length != 1) {
            throw new IllegalArgumentException("features must be a vector; '" + node + "' outputs " + java.util.Arrays.toString(shape));
        }
        if (node.equals(logitsNode) || model.outputs().get(0).name().equals(node)) {
            throw new IllegalArgumentException("'" + node + "' is the global expert's output, not a layer of features");
        }
        return node.equals(featuresNode) ? this : new GlobalExpert(model, labels, node, logitsNode, endsInSoftmax);
    }

    /** True when {@link #classifier()} reads {@link #featureSize()} features of this GE's features layer (a {@code GE_HEAD} LE can start as it). */
    public boolean classifierReadsFeatures() {
        Node logits = model.node(logitsNode);
        Node in = logits.inputs().get(0);
        while (!in.isInput() && in.layer() instanceof Dropout) in = in.inputs().get(0);
        return in.name().equals(featuresNode);
    }

    public List<String> labels() {
        return labels;
    }

    public int numClasses() {
        return labels.size();
    }

    /** Per-sample input shape, e.g. [28, 28, 1]. */
    public int[] inputShape() {
        return model.inputs().get(0).shape();
    }

    /** Values in one input ({@link #inputShape()} multiplied out). */
    public int inputSize() {
        return org.localexpert.core.runtime.Shapes.size(inputShape());
    }

    public int featureSize() {
        return model.node(featuresNode).shape()[0];
    }

    /** Parameters of the GE (the 2.5 % budget's denominator). */
    public long parameterCount() {
        return model.parameterCount();
    }

    /** The GE's final dense layer (features → logits): where a {@code GE_HEAD} local expert starts. */
    public Dense classifier() {
        return (Dense) model.node(logitsNode).layer();
    }

    /** Multiply-accumulates of one forward pass (convolutions and dense layers). */
    public synchronized long macs() {
        if (macs < 0) macs = ModelCost.macs(model); // the GE is frozen: count once
        return macs;
    }

    /**
     * Copies the GE's layers into {@code b} under {@code prefix}, reading {@code input}; returns
     * {features, probabilities}. Adds a Softmax when the GE outputs logits.
     */
    Node[] includeInto(Model.Builder b, String prefix, Node input) {
        Map<String, Node> ge = b.include(model, prefix, input);
        Node probs = endsInSoftmax ? ge.get(model.outputs().get(0).name())
                : b.add(new Softmax(prefix + "probabilities"), ge.get(logitsNode));
        return new Node[] {ge.get(featuresNode), probs};
    }

    /**
     * The GE's own layers with two outputs, its features {@code [F]} and its probabilities {@code [K]}:
     * what {@link FeatureExtractor} runs.
     */
    public synchronized Model featureModel() {
        if (extractor == null) {
            Model.Builder b = Model.builder(0);
            Node x = b.input("image", inputShape());
            Node[] fp = includeInto(b, "", x);
            extractor = b.build(fp);
            extractor.freeze();
        }
        return extractor;
    }

    /** {@link #featureModel()} as a .tflite flatbuffer, for an inference engine (TFLite) to run. */
    public synchronized byte[] featureGraph() {
        if (featureGraph == null) featureGraph = TfliteWriter.write(ModelExporter.export(featureModel()));
        return featureGraph.clone();
    }

    /** The GE's features and probabilities of every example, from batched passes of the Java engine (benches, tests). */
    public FeatureSet features(Dataset data, int threads) {
        Model extractor = featureModel();
        extractor.setThreads(threads);
        int n = data.size(), f = featureSize(), k = numClasses();
        float[] feats = new float[n * f], probs = new float[n * k];
        int[] labels = new int[n];
        int batch = 128;
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            Batch bt = data.batch(from, to);
            Tensor[] out = extractor.forward(false, bt.inputs());
            System.arraycopy(out[0].data(), 0, feats, from * f, (to - from) * f);
            System.arraycopy(out[1].data(), 0, probs, from * k, (to - from) * k);
            System.arraycopy(bt.labels(), 0, labels, from, to - from);
        }
        return new FeatureSet(feats, probs, labels, f, k);
    }
}

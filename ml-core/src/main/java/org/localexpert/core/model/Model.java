package org.localexpert.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.localexpert.core.layer.Layer;
import org.localexpert.core.tensor.Parallel;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;

/**
 * A network: a directed acyclic graph of {@link Layer}s with named inputs and outputs.
 *
 * <pre>
 *   Model.Builder b = Model.builder(seed);
 *   Node x = b.input("image", 28, 28, 1);                       // per-sample shape
 *   Node h = b.add(new Conv2D("conv1", 1, 6, 5, 1, Padding.VALID, Activation.RELU), x);
 *   ...
 *   Model m = b.build(logits);
 *   Tensor[] out = m.forward(true, images);                     // [N, 28, 28, 1] → outputs
 *   m.zeroGrad(); m.backward(dLogits);                          // fills Parameter.grad()
 * </pre>
 *
 * <p><b>Frozen layers</b> ({@link #freeze}) get no gradients and run in inference mode even when
 * the model trains (a frozen BatchNorm uses its running statistics and does not update them).
 * Backward skips every computation nobody needs: a frozen feature extractor in front of a trainable
 * head costs only its forward.
 *
 * <p><b>Tensors returned</b> by {@link #forward}, {@link #output} and {@link #gradient} belong to
 * the layers and stay valid until the next forward/backward; copy what you keep.
 *
 * <p>A model is not thread-safe: one forward/backward at a time. It runs its layers on
 * {@link #setThreads} threads (default: all processors); results are bit-identical for the same
 * inputs whatever the thread count (see {@link Parallel}).
 */
public final class Model {
    private final List<Node> nodes;
    private final List<Node> inputs;
    private final List<Node> outputs;
    private final Map<String, Node> byName = new HashMap<>();
    private final Set<String> frozen = new HashSet<>();
    private final Set<String> retained = new HashSet<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private Parallel parallel;

    private final Tensor[] values, grads, gradSums;
    private final boolean[] gradOwned;
    private boolean forwardDone;

    Model(List<Node> nodes, List<Node> inputs, List<Node> outputs, Map<String, String> aliases, Set<String> frozen) {
        this.nodes = Collections.unmodifiableList(new ArrayList<>(nodes));
        this.inputs = Collections.unmodifiableList(new ArrayList<>(inputs));
        this.outputs = Collections.unmodifiableList(new ArrayList<>(outputs));
        for (Node n : nodes) byName.put(n.name(), n);
        for (Map.Entry<String, String> a : aliases.entrySet()) {
            Node target = byName.get(a.getValue());
            if (target != null && !byName.containsKey(a.getKey())) { // aliases of pruned nodes are dropped
                byName.put(a.getKey(), target);
                this.aliases.put(a.getKey(), a.getValue());
            }
        }
        for (String f : frozen) if (byName.containsKey(f)) freeze(f);
        values = new Tensor[nodes.size()];
        grads = new Tensor[nodes.size()];
        gradSums = new Tensor[nodes.size()];
        gradOwned = new boolean[nodes.size()];
    }

    /** A builder whose layers are initialised from {@code new Random(seed)}, in the order they are added. */
    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    /** {@link #builder(long)} with seed 0. */
    public static Builder builder() {
        return new Builder(0);
    }

    // ------------------------------------------------------------------ structure

    /** All nodes in topological order (inputs of a node come before it): what exporters walk. */
    public List<Node> nodes() {
        return nodes;
    }

    public List<Node> inputs() {
        return inputs;
    }

    public List<Node> outputs() {
        return outputs;
    }

    /**
     * The only node reading {@code n} (n among its inputs exactly once, and no other node reading n),
     * or null when n is a model output or has no reader or several: what the folding passes may merge.
     */
    Node soleReader(Node n) {
        if (outputs.contains(n)) return null;
        Node reader = null;
        int reads = 0;
        for (Node c : nodes) {
            for (Node in : c.inputs()) {
                if (in == n) {
                    reads++;
                    reader = c;
                }
            }
        }
        return reads == 1 ? reader : null;
    }

    /** The node of that name (a layer name, an input name, or an alias left by {@link #foldBatchNorm()}). */
    public Node node(String name) {
        Node n = byName.get(name);
        if (n == null) throw new IllegalArgumentException("no node named '" + name + "' in this model");
        return n;
    }

    public boolean hasNode(String name) {
        return byName.containsKey(name);
    }

    /** Names that resolve to another node after folding (e.g. a folded "bn1" → "conv1"). */
    public Map<String, String> aliases() {
        return Collections.unmodifiableMap(aliases);
    }

    /** The layers in topological order. */
    public List<Layer> layers() {
        List<Layer> ls = new ArrayList<>();
        for (Node n : nodes) if (!n.isInput()) ls.add(n.layer());
        return ls;
    }

    /** Every parameter, in topological layer order. */
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Node n : nodes) if (!n.isInput()) ps.addAll(n.layer().parameters());
        return ps;
    }

    /** The parameters that are not frozen: what an optimizer updates. */
    public List<Parameter> trainableParameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Parameter p : parameters()) if (!p.frozen()) ps.add(p);
        return ps;
    }

    /** Total number of parameter values. */
    public long parameterCount() {
        long count = 0;
        for (Parameter p : parameters()) count += p.value().size();
        return count;
    }

    // ------------------------------------------------------------------ freezing

    /** Freezes the named layers; no names freezes every layer. */
    public void freeze(String... layerNames) {
        setFrozen(true, layerNames);
    }

    /** Unfreezes the named layers; no names unfreezes every layer. */
    public void unfreeze(String... layerNames) {
        setFrozen(false, layerNames);
    }

    private void setFrozen(boolean freeze, String... layerNames) {
        List<Node> which = new ArrayList<>();
        if (layerNames.length == 0) {
            for (Node n : nodes) if (!n.isInput()) which.add(n);
        } else {
            for (String name : layerNames) {
                Node n = node(name);
                if (n.isInput()) throw new IllegalArgumentException("'" + name + "' is an input, not a layer");
                which.add(n);
            }
        }
        for (Node n : which) {
            if (freeze) frozen.add(n.name()); else frozen.remove(n.name());
            for (Parameter p : n.layer().parameters()) p.setFrozen(freeze);
        }
    }

    /** A layer is frozen when frozen by name or when it has parameters and all of them are frozen. */
    public boolean isFrozen(String layerName) {
        Node n = node(layerName);
        if (n.isInput()) return true;
        if (frozen.contains(n.name())) return true;
        List<Parameter> ps = n.layer().parameters();
        if (ps.isEmpty()) return false;
        for (Parameter p : ps) if (!p.frozen()) return false;
        return true;
    }

    private boolean hasTrainable(Node n) {
        for (Parameter p : n.layer().parameters()) if (!p.frozen()) return true;
        return false;
    }

    // ------------------------------------------------------------------ threads

    /** Threads used by forward/backward (1 for latency measurements on the phone). */
    public void setThreads(int threads) {
        parallel = Parallel.of(threads);
    }

    public int threads() {
        return parallel == null ? Parallel.current().threads() : parallel.threads();
    }

    // ------------------------------------------------------------------ forward / backward

    /**
     * Runs the graph on {@code inputs} (one per model input, in {@link #inputs()} order, each with
     * a batch dimension first) and returns the outputs in {@link #outputs()} order.
     */
    public Tensor[] forward(boolean training, Tensor... inputs) {
        if (inputs.length != this.inputs.size()) {
            throw new IllegalArgumentException("model has " + this.inputs.size() + " input(s) " + names(this.inputs)
                    + " but got " + inputs.length + " tensor(s)");
        }
        int batch = -1;
        for (int i = 0; i < inputs.length; i++) {
            Node in = this.inputs.get(i);
            if (inputs[i] == null) throw new IllegalArgumentException("input '" + in.name() + "' is null");
            int[] s = inputs[i].shape();
            if (s.length != in.shape().length + 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), in.shape())) {
                throw new IllegalArgumentException("input '" + in.name() + "': expected shape [N, "
                        + Arrays.toString(in.shape()).substring(1) + " but got " + Arrays.toString(s));
            }
            if (batch >= 0 && s[0] != batch) {
                throw new IllegalArgumentException("inputs disagree on the batch size: " + batch + " vs " + s[0]
                        + " for '" + in.name() + "'");
            }
            batch = s[0];
            values[in.index()] = inputs[i];
        }
        Parallel previous = Parallel.enter(parallel != null ? parallel : Parallel.current());
        try {
            for (Node n : nodes) {
                if (n.isInput()) continue;
                Tensor[] ins = new Tensor[n.inputs().size()];
                for (int j = 0; j < ins.length; j++) ins[j] = values[n.inputs().get(j).index()];
                boolean layerTraining = training && !isFrozen(n.name());
                values[n.index()] = n.layer().forward(ins, layerTraining);
            }
        } finally {
            Parallel.restore(previous);
        }
        forwardDone = true;
        Tensor[] out = new Tensor[outputs.size()];
        for (int i = 0; i < out.length; i++) out[i] = values[outputs.get(i).index()];
        return out;
    }

    /** Single-input, single-output convenience. */
    public Tensor forward(Tensor input, boolean training) {
        if (outputs.size() != 1) throw new IllegalStateException("model has " + outputs.size() + " outputs; use forward(training, inputs...)");
        return forward(training, input)[0];
    }

    /**
     * Back-propagates dLoss/dOutput (one per output in {@link #outputs()} order; null for an
     * output that does not feed the loss) through the last forward. Gradients are ADDED into the
     * trainable parameters' {@link Parameter#grad()} — call {@link #zeroGrad()} between steps.
     * Gradients of nodes named in {@link #retainGradients} are kept for {@link #gradient}.
     */
    public void backward(Tensor... gradOutputs) {
        if (!forwardDone) throw new IllegalStateException("backward called before forward");
        if (gradOutputs.length != outputs.size()) {
            throw new IllegalArgumentException("model has " + outputs.size() + " output(s) " + names(outputs)
                    + " but got " + gradOutputs.length + " gradient(s)");
        }
        Arrays.fill(grads, null);
        Arrays.fill(gradOwned, false);
        // wanted[i]: is dLoss/d(node i) needed — for a trainable layer at or below it, or because it is retained?
        boolean[] wanted = new boolean[nodes.size()];
        for (Node n : nodes) {
            boolean w = retained.contains(n.name());
            if (!n.isInput()) {
                w |= hasTrainable(n);
                for (Node in : n.inputs()) w |= wanted[in.index()];
            }
            wanted[n.index()] = w;
        }
        for (int i = 0; i < gradOutputs.length; i++) {
            if (gradOutputs[i] == null) continue;
            Node out = outputs.get(i);
            gradOutputs[i].requireShape("gradient of output '" + out.name() + "'", values[out.index()].shape());
            accumulate(out.index(), gradOutputs[i]);
        }
        Parallel previous = Parallel.enter(parallel != null ? parallel : Parallel.current());
        try {
            for (int k = nodes.size() - 1; k >= 0; k--) {
                Node n = nodes.get(k);
                Tensor g = grads[k];
                if (n.isInput() || g == null || !wanted[k]) continue;
                boolean[] need = new boolean[n.inputs().size()];
                boolean any = hasTrainable(n);
                for (int j = 0; j < need.length; j++) {
                    need[j] = wanted[n.inputs().get(j).index()];
                    any |= need[j];
                }
                if (!any) continue;
                Tensor[] gin = n.layer().backward(g, need);
                for (int j = 0; j < need.length; j++) {
                    if (need[j] && gin[j] != null) accumulate(n.inputs().get(j).index(), gin[j]);
                }
            }
        } finally {
            Parallel.restore(previous);
        }
    }

    /**
     * Adds {@code g} to node i's gradient. The first contribution is kept by reference (no copy in
     * the common single-consumer case); a second one is summed into a model-owned buffer.
     */
    private void accumulate(int i, Tensor g) {
        if (grads[i] == null) {
            grads[i] = g;
            return;
        }
        if (!gradOwned[i]) {
            gradSums[i] = Tensor.reuse(gradSums[i], grads[i].shape());
            System.arraycopy(grads[i].data(), 0, gradSums[i].data(), 0, grads[i].size());
            grads[i] = gradSums[i];
            gradOwned[i] = true;
        }
        float[] d = grads[i].data(), s = g.data();
        for (int j = 0; j < d.length; j++) d[j] += s[j];
    }

    /** Zeroes the gradients of all parameters. */
    public void zeroGrad() {
        for (Parameter p : parameters()) p.zeroGrad();
    }

    /** The value of a node (input, layer or alias) from the last forward, e.g. the GE's penultimate features. */
    public Tensor output(String nodeName) {
        if (!forwardDone) throw new IllegalStateException("no forward has run yet");
        return values[node(nodeName).index()];
    }

    /** Keep dLoss/d(node) during backward for these nodes (e.g. the last conv for Grad-CAM, or an input). */
    public void retainGradients(String... nodeNames) {
        for (String name : nodeNames) retained.add(node(name).name());
    }

    /** dLoss/d(node) from the last backward, for a node named in {@link #retainGradients}; null if no gradient reached it. */
    public Tensor gradient(String nodeName) {
        Node n = node(nodeName);
        if (!retained.contains(n.name())) {
            throw new IllegalStateException("call retainGradients(\"" + nodeName + "\") before backward to keep its gradient");
        }
        return grads[n.index()];
    }

    // ------------------------------------------------------------------ state

    /**
     * Every parameter value and every piece of layer state (BatchNorm running averages...) by name,
     * in topological order: {@code layer/kernel}, {@code bn1/movingMean}, ... The tensors are live:
     * what the trainer saves and restores.
     */
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        for (Node n : nodes) {
            if (n.isInput()) continue;
            for (Parameter p : n.layer().parameters()) s.put(p.name(), p.value());
            for (Map.Entry<String, Tensor> e : n.layer().state().entrySet()) s.put(n.name() + "/" + e.getKey(), e.getValue());
        }
        return s;
    }

    /** Copies {@code values} into {@link #state()}; every name must be present with the right shape, and no others. */
    public void loadState(Map<String, Tensor> values) {
        Map<String, Tensor> mine = state();
        List<String> missing = new ArrayList<>(), extra = new ArrayList<>();
        for (String k : mine.keySet()) if (!values.containsKey(k)) missing.add(k);
        for (String k : values.keySet()) if (!mine.containsKey(k)) extra.add(k);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new IllegalArgumentException("state does not match this model: missing " + missing + ", unknown " + extra);
        }
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            Tensor src = values.get(e.getKey());
            src.requireShape("state '" + e.getKey() + "'", e.getValue().shape());
            System.arraycopy(src.data(), 0, e.getValue().data(), 0, src.size());
        }
    }

    /**
     * An inference copy with every BatchNorm that directly follows a Conv2D, DepthwiseConv2D or Dense
     * (without activation, and read by nothing else) folded into that layer's kernel and bias, and a
     * ReLU/ReLU6 right after it fused as the layer's activation. Its outputs equal this model's in
     * inference mode (up to float rounding). Folded nodes stay reachable by their old names through
     * {@link #aliases()}. BatchNorms with nothing to fold into stay as they are.
     */
    public Model foldBatchNorm() {
        return BatchNormFolding.fold(this);
    }

    /**
     * An inference copy with a BatchNorm that reads a model input (a fixed per-channel map such as
     * [0, 1] → [−1, 1]) folded into the Conv2D that is its only reader, so the exported graph has no
     * MUL/ADD over the whole input. Exact inside the image; outputs whose window reads SAME padding
     * change (the padding now stands for a zero before the map, not after it): see
     * {@link InputAffineFolding}. Measure the result; throws if there is no such BatchNorm.
     */
    public Model foldInputAffine() {
        return InputAffineFolding.fold(this);
    }

    /** Whether {@link #foldInputAffine()} has a map to fold (a BatchNorm on an input, read only by a Conv2D). */
    public boolean hasFoldableInputAffine() {
        return InputAffineFolding.find(this) != null;
    }

    Set<String> frozenNames() {
        return frozen;
    }

    private static String names(List<Node> ns) {
        List<String> s = new ArrayList<>();
        for (Node n : ns) s.add(n.name());
        return s.toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Model(" + parameterCount() + " parameters)\n");
        for (Node n : nodes) sb.append("  ").append(n).append('\n');
        return sb.toString();
    }

    // ------------------------------------------------------------------ builder

    /** Builds a {@link Model}; each added layer must have a unique name. */
    public static final class Builder {
        private final Random rng;
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, Node> byName = new HashMap<>();
        private final Set<Layer> layers = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        private final Map<String, String> aliases = new LinkedHashMap<>();
        private final Set<String> frozen = new HashSet<>();
        private boolean built;

        Builder(long seed) {
            this.rng = new Random(seed);
        }

        /** A model input with this per-sample shape (e.g. 28, 28, 1 or 84). */
        public Node input(String name, int... shape) {
            if (shape.length == 0) throw new IllegalArgumentException("input '" + name + "' needs a shape");
            for (int d : shape) {
                if (d < 1) throw new IllegalArgumentException("input '" + name + "': bad shape " + Arrays.toString(shape));
            }
            return addNode(name, null, Collections.emptyList(), shape.clone());
        }

        /** Adds {@code layer} reading {@code inputs}, with freshly initialised weights; returns its output node. */
        public Node add(Layer layer, Node... inputs) {
            Node n = addKeepingWeights(layer, inputs);
            layer.initialize(rng);
            return n;
        }

        /** Adds {@code layer} without touching its weights (they were loaded or set by the caller). */
        public Node addKeepingWeights(Layer layer, Node... inputs) {
            if (layers.contains(layer)) throw new IllegalArgumentException("layer '" + layer.name() + "' is already in this model");
            if (layer.inputCount() >= 0 && inputs.length != layer.inputCount()) {
                throw new IllegalArgumentException(layer.name() + ": takes " + layer.inputCount() + " input(s) but got " + inputs.length);
            }
            if (inputs.length == 0) throw new IllegalArgumentException(layer.name() + ": needs at least one input");
            int[][] shapes = new int[inputs.length][];
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i] == null || inputs[i].owner != this) {
                    throw new IllegalArgumentException(layer.name() + ": input " + i + " is not a node of this builder");
                }
                shapes[i] = inputs[i].shapeWithBatch(1);
            }
            int[] out = layer.outputShape(shapes);
            Node n = addNode(layer.name(), layer, Arrays.asList(inputs.clone()), Arrays.copyOfRange(out, 1, out.length));
            layers.add(layer);
            return n;
        }

        /**
         * Copies every layer of {@code model} (weights, state and frozen flags included) into this
         * builder under {@code prefix + name}, wiring the model's inputs to {@code inputs}. Returns
         * the new nodes by their names in {@code model} — how the mixture graph takes in the GE.
         */
        public Map<String, Node> include(Model model, String prefix, Node... inputs) {
            if (inputs.length != model.inputs().size()) {
                throw new IllegalArgumentException("included model has " + model.inputs().size() + " input(s) but got " + inputs.length);
            }
            Map<String, Node> map = new LinkedHashMap<>();
            Node[] copies = new Node[model.nodes().size()];
            for (int i = 0; i < inputs.length; i++) {
                Node src = model.inputs().get(i);
                if (!Arrays.equals(src.shape(), inputs[i].shape())) {
                    throw new IllegalArgumentException("included model's input '" + src.name() + "' has shape "
                            + Arrays.toString(src.shape()) + " but is wired to " + inputs[i]);
                }
                copies[src.index()] = inputs[i];
            }
            for (Node n : model.nodes()) {
                if (n.isInput()) {
                    map.put(n.name(), copies[n.index()]);
                    continue;
                }
                Node[] ins = new Node[n.inputs().size()];
                for (int j = 0; j < ins.length; j++) ins[j] = copies[n.inputs().get(j).index()];
                Node c = addKeepingWeights(n.layer().copy(prefix + n.name()), ins);
                if (model.frozenNames().contains(n.name())) frozen.add(c.name());
                copies[n.index()] = c;
                map.put(n.name(), c);
            }
            for (Map.Entry<String, String> a : model.aliases().entrySet()) {
                map.put(a.getKey(), copies[model.node(a.getValue()).index()]);
            }
            return map;
        }

        /** Makes {@code alias} resolve to {@code target} in the built model. */
        public void alias(String alias, Node target) {
            if (byName.containsKey(alias)) throw new IllegalArgumentException("name '" + alias + "' is already used");
            aliases.put(alias, target.name());
        }

        /** Marks the named layer frozen in the built model. */
        public void freeze(String layerName) {
            frozen.add(layerName);
        }

        private Node addNode(String name, Layer layer, List<Node> inputs, int[] shape) {
            if (built) throw new IllegalStateException("this builder already built its model; start a new one");
            if (name == null || name.isEmpty()) throw new IllegalArgumentException("nodes need a name");
            if (byName.containsKey(name) || aliases.containsKey(name)) {
                throw new IllegalArgumentException("name '" + name + "' is already used in this model");
            }
            Node n = new Node(name, layer, inputs, shape, this, nodes.size());
            nodes.add(n);
            byName.put(name, n);
            return n;
        }

        /**
         * The model computing {@code outputs}. Layers that no output depends on are dropped; every
         * declared input stays (in declaration order).
         */
        public Model build(Node... outputs) {
            if (built) throw new IllegalStateException("this builder already built its model; start a new one");
            if (outputs.length == 0) throw new IllegalArgumentException("a model needs at least one output");
            boolean[] live = new boolean[nodes.size()];
            for (Node o : outputs) {
                if (o == null || o.owner != this) throw new IllegalArgumentException("output " + o + " is not a node of this builder");
                live[o.index()] = true;
            }
            for (int i = nodes.size() - 1; i >= 0; i--) {
                if (!live[i]) continue;
                for (Node in : nodes.get(i).inputs()) live[in.index()] = true;
            }
            List<Node> kept = new ArrayList<>(), ins = new ArrayList<>();
            for (Node n : nodes) {
                if (n.isInput() || live[n.index()]) kept.add(n);
                if (n.isInput()) ins.add(n);
            }
            for (int i = 0; i < kept.size(); i++) kept.get(i).index = i;
            Model m = new Model(kept, ins, Arrays.asList(outputs.clone()), aliases, frozen);
            built = true; // the nodes now belong to the model (they were renumbered for it)
            return m;
        }
    }
}

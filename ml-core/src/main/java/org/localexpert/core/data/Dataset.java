package org.localexpert.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.localexpert.core.tensor.Tensor;

/**
 * An immutable list of {@link Example}s that share one feature shape, with the names of their
 * labels (label index i is {@code labelNames().get(i)}). Subsets and splits share the examples
 * (and their feature arrays) instead of copying them.
 */
public final class Dataset {
    private final List<Example> examples;
    private final List<String> labelNames;
    private final int[] shape;

    /** Shape taken from the first example; use the three-argument form for a possibly empty set. */
    public Dataset(List<Example> examples, List<String> labelNames) {
        this(examples, labelNames, firstShape(examples));
    }

    public Dataset(List<Example> examples, List<String> labelNames, int[] shape) {
        this.examples = Collections.unmodifiableList(new ArrayList<>(examples));
        this.labelNames = Collections.unmodifiableList(new ArrayList<>(labelNames));
        this.shape = shape.clone();
        for (int i = 0; i < this.examples.size(); i++) {
            Example e = this.examples.get(i);
            if (!e.hasShape(this.shape)) {
                throw new IllegalArgumentException("example " + i + " has shape " + Arrays.toString(e.shape())
                        + " but the dataset's shape is " + Arrays.toString(this.shape));
            }
            if (e.label() >= this.labelNames.size()) {
                throw new IllegalArgumentException("example " + i + " has label index " + e.label() + " but only "
                        + this.labelNames.size() + " label names are given");
            }
        }
    }

    private static int[] firstShape(List<Example> examples) {
        if (examples.isEmpty()) throw new IllegalArgumentException("an empty dataset needs an explicit shape");
        return examples.get(0).shape();
    }

    public int size() {
        return examples.size();
    }

    public boolean isEmpty() {
        return examples.isEmpty();
    }

    public Example get(int index) {
        return examples.get(index);
    }

    /** Unmodifiable view. */
    public List<Example> examples() {
        return examples;
    }

    /** Unmodifiable; label index i names class {@code labelNames().get(i)}. */
    public List<String> labelNames() {
        return labelNames;
    }

    public int numClasses() {
        return labelNames.size();
    }

    /** Feature shape of one example, without the batch dimension (e.g. [28, 28, 1]). */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of floats in one example. */
    public int featureSize() {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** Examples per label index. */
    public int[] classCounts() {
        int[] counts = new int[labelNames.size()];
        for (Example e : examples) counts[e.label()]++;
        return counts;
    }

    /** The examples at {@code indices}, in that order, with the same label names. */
    public Dataset subset(int[] indices) {
        List<Example> picked = new ArrayList<>(indices.length);
        for (int i : indices) picked.add(examples.get(i));
        return new Dataset(picked, labelNames, shape);
    }

    /** The examples for which {@code keep} holds, in their order. */
    public Dataset filter(Predicate<Example> keep) {
        List<Example> picked = new ArrayList<>();
        for (Example e : examples) if (keep.test(e)) picked.add(e);
        return new Dataset(picked, labelNames, shape);
    }

    /** This dataset followed by {@code other}, which must have the same shape and label names. */
    public Dataset concat(Dataset other) {
        if (!Arrays.equals(shape, other.shape) || !labelNames.equals(other.labelNames)) {
            throw new IllegalArgumentException("cannot join datasets with shapes " + Arrays.toString(shape) + " / "
                    + Arrays.toString(other.shape) + " and labels " + labelNames + " / " + other.labelNames);
        }
        List<Example> all = new ArrayList<>(examples);
        all.addAll(other.examples);
        return new Dataset(all, labelNames, shape);
    }

    /** Examples grouped by writer id, writers in ascending id order, each group in dataset order. */
    public Map<Integer, Dataset> byWriter() {
        Map<Integer, List<Example>> groups = new TreeMap<>();
        for (Example e : examples) {
            List<Example> group = groups.get(e.writerId());
            if (group == null) groups.put(e.writerId(), group = new ArrayList<>());
            group.add(e);
        }
        Map<Integer, Dataset> result = new TreeMap<>();
        for (Map.Entry<Integer, List<Example>> g : groups.entrySet()) {
            result.put(g.getKey(), new Dataset(g.getValue(), labelNames, shape));
        }
        return result;
    }

    /** 0..size-1 in an order that depends only on {@code seed}. */
    public int[] shuffledIndices(long seed) {
        int[] order = new int[examples.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Random random = new Random(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * Splits into {@code fractions.length} disjoint parts whose class proportions follow the whole:
     * within each class the examples are shuffled by {@code seed}, then cut at the rounded
     * cumulative fractions (so every example lands in exactly one part and the parts' sizes per
     * class differ from the exact fractions by less than one). Each part keeps dataset order.
     * Fractions must be positive and sum to 1.
     */
    public List<Dataset> stratifiedSplit(long seed, double... fractions) {
        double sum = 0;
        for (double f : fractions) {
            if (!(f > 0)) throw new IllegalArgumentException("split fractions must be > 0, got " + Arrays.toString(fractions));
            sum += f;
        }
        if (Math.abs(sum - 1) > 1e-6) throw new IllegalArgumentException("split fractions must sum to 1, got " + Arrays.toString(fractions));
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < labelNames.size(); c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < examples.size(); i++) byClass.get(examples.get(i).label()).add(i);

        boolean[][] inPart = new boolean[fractions.length][examples.size()];
        for (int c = 0; c < byClass.size(); c++) {
            List<Integer> members = byClass.get(c);
            // One generator per class, derived from the seed and the class, so adding an example of
            // one class does not reshuffle every other class.
            Collections.shuffle(members, new Random(seed * 1_000_003L + c));
            double cumulative = 0;
            int start = 0;
            for (int p = 0; p < fractions.length; p++) {
                cumulative += fractions[p];
                int end = p == fractions.length - 1 ? members.size() : (int) Math.round(cumulative * members.size());
                for (int k = start; k < end; k++) inPart[p][members.get(k)] = true;
                start = end;
            }
        }
        List<Dataset> parts = new ArrayList<>(fractions.length);
        for (boolean[] member : inPart) {
            List<Example> part = new ArrayList<>();
            for (int i = 0; i < member.length; i++) if (member[i]) part.add(examples.get(i));
            parts.add(new Dataset(part, labelNames, shape));
        }
        return parts;
    }

    /** All examples as one batch. */
    public Batch toBatch() {
        return batch(0, examples.size());
    }

    /** Examples {@code from} (inclusive) to {@code to} (exclusive) as one batch. */
    public Batch batch(int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) indices[i] = from + i;
        return batch(indices, 0, indices.length);
    }

    /**
     * Examples {@code order[from..to)} as one batch: inputs [N, ...shape] and N labels. Training
     * loops pass a shuffled order and walk it in steps of the batch size.
     */
    public Batch batch(int[] order, int from, int to) {
        if (from < 0 || to > order.length || from > to) {
            throw new IndexOutOfBoundsException("batch range [" + from + ", " + to + ") outside 0.." + order.length);
        }
        int n = to - from;
        int size = featureSize();
        float[] data = new float[Math.multiplyExact(n, size)];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            Example e = examples.get(order[from + i]);
            System.arraycopy(e.features(), 0, data, i * size, size);
            labels[i] = e.label();
        }
        int[] batchShape = new int[shape.length + 1];
        batchShape[0] = n;
        System.arraycopy(shape, 0, batchShape, 1, shape.length);
        return new Batch(Tensor.of(data, batchShape), labels);
    }

    @Override
    public String toString() {
        return "Dataset{" + examples.size() + " examples, shape " + Arrays.toString(shape) + ", classes "
                + labelNames + ", counts " + Arrays.toString(classCounts()) + "}";
    }
}

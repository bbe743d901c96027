package org.localexpert.core.moe;

import org.localexpert.core.tensor.Tensor;

/**
 * What the frozen GE says about a set of examples, computed once: penultimate features
 * {@code [N, F]}, class probabilities {@code [N, K]} and the examples' labels (indices into the
 * label set they were made with). The local expert and the gate train on these alone, which is why
 * personalization costs one GE forward per sample and no GE backward.
 */
public final class FeatureSet {
    final float[] features;
    final float[] probs;
    final int[] labels;
    final int featureSize;
    final int geClasses;

    FeatureSet(float[] features, float[] probs, int[] labels, int featureSize, int geClasses) {
        this.features = features;
        this.probs = probs;
        this.labels = labels;
        this.featureSize = featureSize;
        this.geClasses = geClasses;
    }

    /**
     * The GE's features of every sample of {@code source}, one input at a time through {@code extractor}; labels
     * mapped by {@code labelMap} (null = unchanged). Only feature vectors are kept, never pixels.
     */
    static FeatureSet extract(org.localexpert.core.data.SampleSource source, int[] labelMap, FeatureExtractor extractor, Progress progress) {
        int n = source.size();
        Rows rows = new Rows(n, extractor.featureSize(), extractor.classes());
        for (int i = 0; i < n; i++) {
            int label = labelMap == null ? source.label(i) : labelMap[source.label(i)];
            rows.add(extractor, source.load(i), label);
            if (progress != null) progress.update(i + 1, n, "features");
        }
        return rows.build();
    }

    /** Rows added one at a time into arrays sized once. */
    static final class Rows {
        private final float[] features;
        private final float[] probs;
        private final int[] labels;
        private final int featureSize;
        private final int geClasses;
        private int n;

        Rows(int capacity, int featureSize, int geClasses) {
            features = new float[capacity * featureSize];
            probs = new float[capacity * geClasses];
            labels = new int[capacity];
            this.featureSize = featureSize;
            this.geClasses = geClasses;
        }

        /** Runs the GE on {@code input} and keeps its features and probabilities with {@code label}. */
        void add(FeatureExtractor extractor, float[] input, int label) {
            float[] f = new float[featureSize], p = new float[geClasses];
            extractor.extract(input, f, p);
            System.arraycopy(f, 0, features, n * featureSize, featureSize);
            System.arraycopy(p, 0, probs, n * geClasses, geClasses);
            labels[n++] = label;
        }

        FeatureSet build() {
            if (n != labels.length) throw new IllegalStateException(n + " of " + labels.length + " rows were added");
            return new FeatureSet(features, probs, labels, featureSize, geClasses);
        }
    }

    public int size() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    /** Every row's label, a copy. */
    public int[] labels() {
        return labels.clone();
    }

    /** The GE's predicted class of example i. */
    public int gePrediction(int i) {
        return argmax(probs, i * geClasses, geClasses);
    }

    /** The GE's probability of its predicted class for example i (its confidence). */
    public float geConfidence(int i) {
        return probs[i * geClasses + gePrediction(i)];
    }

    /** The width of one feature vector. */
    public int featureSize() {
        return featureSize;
    }

    /** The features, one row of {@link #featureSize()} per example, as one array (a copy). */
    public float[] features() {
        return features.clone();
    }

    /** The examples at {@code idx}, with labels remapped by {@code labelMap} (null = unchanged). */
    public FeatureSet subset(int[] idx, int[] labelMap) {
        float[] f = new float[idx.length * featureSize], p = new float[idx.length * geClasses];
        int[] l = new int[idx.length];
        for (int j = 0; j < idx.length; j++) {
            int i = idx[j];
            System.arraycopy(features, i * featureSize, f, j * featureSize, featureSize);
            System.arraycopy(probs, i * geClasses, p, j * geClasses, geClasses);
            l[j] = labelMap == null ? labels[i] : labelMap[labels[i]];
        }
        return new FeatureSet(f, p, l, featureSize, geClasses);
    }

    /** This set followed by {@code other} (same feature size and GE classes). */
    public FeatureSet concat(FeatureSet other) {
        int n = size(), m = other.size();
        float[] f = new float[(n + m) * featureSize], p = new float[(n + m) * geClasses];
        int[] l = new int[n + m];
        System.arraycopy(features, 0, f, 0, features.length);
        System.arraycopy(other.features, 0, f, features.length, other.features.length);
        System.arraycopy(probs, 0, p, 0, probs.length);
        System.arraycopy(other.probs, 0, p, probs.length, other.probs.length);
        System.arraycopy(labels, 0, l, 0, n);
        System.arraycopy(other.labels, 0, l, n, m);
        return new FeatureSet(f, p, l, featureSize, geClasses);
    }

    Tensor featureTensor() {
        return Tensor.of(features, size(), featureSize);
    }

    Tensor probTensor() {
        return Tensor.of(probs, size(), geClasses);
    }

    /** The index of the largest of {@code v[offset .. offset + k)} (the first on ties). */
    public static int argmax(float[] v, int offset, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) if (v[offset + j] > v[offset + best]) best = j;
        return best;
    }
}

package org.localexpert.core.data;

import java.util.List;

/**
 * Labelled inputs read one at a time: what personalization consumes on a phone, where a data set's
 * pixels must never sit in memory together. {@link #load} decodes and preprocesses one sample into a
 * fresh array; only labels and names are held. A {@link Dataset} (already in memory: tests, benches)
 * is one through {@link #of(Dataset)}; a folder of images is one through {@link ImageFolderSource}.
 */
public interface SampleSource {
    int size();

    /** The label names; {@link #label} indexes into them. */
    List<String> labelNames();

    int label(int i);

    /** Per-sample input shape, e.g. [28, 28, 1]. */
    int[] shape();

    /**
     * Sample {@code i} as model input (a fresh array the caller may change).
     *
     * @throws DataException naming the sample when it cannot be read
     */
    float[] load(int i);

    /** Where sample {@code i} came from (a file, "sample 12"), for messages. */
    String name(int i);

    /** Samples per label, without loading any pixels. */
    default int[] classCounts() {
        int[] counts = new int[labelNames().size()];
        for (int i = 0; i < size(); i++) counts[label(i)]++;
        return counts;
    }

    /** A data set already in memory, read in place. */
    static SampleSource of(Dataset data) {
        return new SampleSource() {
            @Override public int size() { return data.size(); }
            @Override public List<String> labelNames() { return data.labelNames(); }
            @Override public int label(int i) { return data.get(i).label(); }
            @Override public int[] shape() { return data.shape(); }
            @Override public float[] load(int i) { return data.get(i).features().clone(); }

            @Override
            public String name(int i) {
                String source = data.get(i).source();
                return source != null ? source : "sample " + i;
            }
        };
    }
}

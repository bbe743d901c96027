package org.localexpert.app.work;

import java.io.File;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.ImageDecoder;
import org.localexpert.core.data.ImagePreprocessor;
import org.localexpert.core.data.SampleSource;

/**
 * Stored samples as a {@link SampleSource}: each sample's image file is decoded and preprocessed only
 * when the personalizer reads it (the domain's own preprocessing, the host's rules, the app's
 * {@link ImageDecoder}), so training holds the samples' feature vectors, never their pixels. A sample
 * that cannot be decoded fails with a message naming it.
 */
final class SampleRecordSource implements SampleSource {
    private final List<SampleRecord> samples;
    private final List<String> labels;
    private final int[] sampleLabels;
    private final ImagePreprocessor preprocessor;
    private final ImageDecoder decoder;
    private final Function<SampleRecord, File> fileOf;

    /**
     * @param labels the label order (each sample's label must be in it)
     */
    SampleRecordSource(List<SampleRecord> samples, List<String> labels, ImagePreprocessor preprocessor, ImageDecoder decoder,
                       Function<SampleRecord, File> fileOf) {
        this.samples = samples;
        this.labels = Collections.unmodifiableList(labels);
        this.preprocessor = preprocessor;
        this.decoder = decoder;
        this.fileOf = fileOf;
        sampleLabels = new int[samples.size()];
        for (int i = 0; i < sampleLabels.length; i++) {
            SampleRecord s = samples.get(i);
            sampleLabels[i] = labels.indexOf(s.label);
            if (sampleLabels[i] < 0) throw new IllegalArgumentException("sample " + s.id + " has label '" + s.label + "' outside " + labels);
        }
    }

    @Override
    public int size() {
        return samples.size();
    }

    @Override
    public List<String> labelNames() {
        return labels;
    }

    @Override
    public int label(int i) {
        return sampleLabels[i];
    }

    @Override
    public int[] shape() {
        return preprocessor.shape();
    }

    @Override
    public float[] load(int i) {
        SampleRecord s = samples.get(i);
        try {
            return preprocessor.apply(decoder.decode(fileOf.apply(s), preprocessor.decodeTarget()));
        } catch (DataException e) {
            throw new DataException("your sample #" + s.id + " (" + s.label + ") cannot be used: " + e.getMessage(), e);
        }
    }

    @Override
    public String name(int i) {
        SampleRecord s = samples.get(i);
        return "sample #" + s.id + " (" + s.label + ")";
    }
}

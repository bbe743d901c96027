package org.localexpert.app.work;

import org.localexpert.app.data.Domain;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.DecodedImage;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingPreprocessor;
import org.localexpert.core.data.ImageDecoder;
import org.localexpert.core.data.PhotoPreprocessor;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns stored samples into a {@link Dataset} through exactly the preprocessing the host uses
 * ({@link HandwritingPreprocessor#fromArgb} for handwriting, {@link PhotoPreprocessor} for plant photos), with the
 * app's {@link ImageDecoder}. A sample that cannot be decoded fails the load with a message naming it.
 */
final class SampleLoader {
    interface Step {
        /** Called after each sample; may throw to stop (cancel). */
        void loaded(int done, int total);
    }

    private final ImageDecoder decoder;

    SampleLoader(ImageDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * @param labels the label order of the dataset (each sample's label must be in it)
     * @param inputShape the GE's input height, width, channels
     */
    Dataset load(String domain, List<SampleRecord> samples, List<String> labels, int[] inputShape,
                 Function<SampleRecord, File> fileOf, Step step) {
        boolean hand = Domain.HANDWRITING.equals(domain);
        PhotoPreprocessor photo = hand ? null : new PhotoPreprocessor(inputShape[0]);
        List<Example> examples = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            SampleRecord s = samples.get(i);
            int label = labels.indexOf(s.label);
            if (label < 0) throw new IllegalArgumentException("sample " + s.id + " has label '" + s.label + "' outside " + labels);
            File f = fileOf.apply(s);
            float[] x;
            try {
                if (hand) {
                    DecodedImage img = decoder.decode(f, 0);
                    x = HandwritingPreprocessor.fromArgb(img.argb(), img.width(), img.height());
                } else {
                    x = photo.apply(decoder.decode(f, photo.decodeTarget()));
                }
            } catch (DataException e) {
                throw new DataException("your sample #" + s.id + " (" + s.label + ") cannot be used: " + e.getMessage(), e);
            }
            examples.add(new Example(x, inputShape, label, "sample " + s.id));
            step.loaded(i + 1, samples.size());
        }
        return new Dataset(examples, labels, inputShape);
    }
}

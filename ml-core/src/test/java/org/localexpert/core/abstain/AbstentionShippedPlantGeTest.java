package org.localexpert.core.abstain;

import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.List;
import org.junit.Assume;
import org.junit.Test;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;

/** The shipped plant GE with the "unsure" rule refuses images of one flat colour. */
public class AbstentionShippedPlantGeTest {
    private static final int IMAGES = 60;

    @Test
    public void plantGeFlagsUniformColoursAsUnsure() throws Exception {
        File file = new File("../models/plant/plant-ge.tflite");
        if (!file.isFile()) file = new File("models/plant/plant-ge.tflite");
        Assume.assumeTrue("the shipped plant GE is not here: " + file.getAbsolutePath(), file.isFile());
        TfliteModel tflite = TfliteReader.read(file.toPath());
        LocalExpertMetadata meta = LocalExpertMetadata.read(tflite);
        int size = Integer.parseInt(meta.properties().get("image_size"));
        ConfidenceThreshold stored = ConfidenceThreshold.fromMetadata(meta);
        AbstentionRule rule = AbstentionRule.forLeafPhotos(stored != null ? stored
                : new ConfidenceThreshold(AbstentionRule.DEFAULT_UNSURE_BELOW, "default"));
        List<float[]> images = OutOfDomainImages.uniformColours(IMAGES, size, 11);
        int unsure = 0, lowConfidence = 0;
        try (InferenceEngine engine = new JavaEngine(ModelImporter.toModel(tflite))) {
            for (float[] img : images) {
                float[] p = engine.run(img)[0];
                if (rule.decide(img, size, size, 3, p).unsure()) unsure++;
                if (rule.decide(p).unsure()) lowConfidence++;
            }
        }
        System.out.printf("AbstentionShippedPlantGeTest: %d/%d uniform colours unsure (%d below %s by confidence alone)%n",
                unsure, IMAGES, lowConfidence, rule.threshold());
        assertTrue(unsure + "/" + IMAGES + " uniform colours flagged", unsure >= 0.9 * IMAGES);
    }
}

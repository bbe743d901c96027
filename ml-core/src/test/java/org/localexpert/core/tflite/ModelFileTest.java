package org.localexpert.core.tflite;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.localexpert.core.model.Model;
import org.localexpert.core.tensor.Tensor;

public class ModelFileTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void saveThenLoadKeepsMetadataAndOutputs() throws Exception {
        Model ge = TestModels.tinyGe();
        Path file = tmp.getRoot().toPath().resolve("ge.tflite");
        TfliteModel written = ModelFile.save(ge, new LocalExpertMetadata().domain("handwriting").role("ge")
                .labels(Arrays.asList("a", "b", "c", "d", "e")), file);
        ModelFile loaded = ModelFile.load(file);
        assertEquals("handwriting", loaded.metadata().domain());
        assertEquals(GeHash.of(written), loaded.geHash());
        float[] x = new float[144];
        for (int i = 0; i < x.length; i++) x[i] = i / 144f;
        float[] want = ge.forward(Tensor.of(x.clone(), 1, 12, 12, 1), false).data().clone();
        float[] got = loaded.toModel().forward(Tensor.of(x.clone(), 1, 12, 12, 1), false).data();
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-6);
    }

    @Test
    public void converterFilesHaveNoLocalExpertMetadata() throws Exception {
        Path mobileNet = TestModels.mobileNet();
        org.junit.Assume.assumeTrue("MobileNet v1 0.25 not found under " + TestModels.dataDir(), mobileNet != null);
        assertNull(ModelFile.load(mobileNet).metadata());
    }
}

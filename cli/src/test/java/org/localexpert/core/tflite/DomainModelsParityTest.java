package org.localexpert.core.tflite;

import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.model.Model;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.moe.Routing;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.train.HandwritingRecipes;

/**
 * Both domains' real graphs — the handwriting GE recipe (HandwritingRecipes), the shipped plant GE
 * (MobileNet v1 0.25 transfer-learned, models/plant/) and the personal mixtures core.moe assembles
 * from each — on the real TFLite interpreter vs the Java engine, with the same checks as every layer
 * in {@link ExportParityTest} (100 inputs at batch 1, 100 at batch 4, import round trip, check-gpu
 * clean).
 */
public class DomainModelsParityTest {

    private static void randomize(List<Parameter> params, long seed, float scale) {
        Random r = new Random(seed);
        for (Parameter p : params) {
            float[] v = p.value().data();
            for (int i = 0; i < v.length; i++) v[i] += (float) r.nextGaussian() * scale;
        }
    }

    private static GlobalExpert ge() {
        Model ge = HandwritingRecipes.inferenceModel(HandwritingRecipes.geModel(7));
        randomize(ge.parameters(), 7, 0.01f);
        return GlobalExpert.of(ge, Arrays.asList("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }

    @Test
    public void handwritingGe() throws Exception {
        ExportParityTest.checkParity("handwriting GE", ge().model());
    }

    @Test
    public void handwritingMixtureSoft() throws Exception {
        ExportParityTest.checkParity("handwriting mix soft", mixture(Routing.SOFT).model());
    }

    @Test
    public void handwritingMixtureHard() throws Exception {
        ExportParityTest.checkParity("handwriting mix hard", mixture(Routing.HARD).model());
    }

    /** The committed plant GE file, read from the project (tests run in ml-core/ or the root). */
    private static GlobalExpert shippedPlantGe() throws Exception {
        File f = new File("../models/plant/plant-ge.tflite");
        if (!f.isFile()) f = new File("models/plant/plant-ge.tflite");
        assertTrue("the shipped plant GE is committed in models/plant/: " + f.getAbsolutePath(), f.isFile());
        ModelFile file = ModelFile.load(f.toPath());
        return GlobalExpert.of(file.toModel(), file.metadata().labels());
    }

    @Test
    public void plantGe() throws Exception {
        ExportParityTest.checkParity("plant GE", shippedPlantGe().model());
    }

    @Test
    public void plantMixtureSoft() throws Exception {
        ExportParityTest.checkParity("plant mix soft", mixture(shippedPlantGe(), Routing.SOFT).model());
    }

    @Test
    public void plantMixtureHard() throws Exception {
        ExportParityTest.checkParity("plant mix hard", mixture(shippedPlantGe(), Routing.HARD).model());
    }

    private static Mixture mixture(Routing routing) {
        return mixture(ge(), routing);
    }

    private static Mixture mixture(GlobalExpert ge, Routing routing) {
        List<String> labels = new ArrayList<>(ge.labels());
        labels.add("α");
        labels.add("β");
        int f = ge.featureSize();
        Dense le = new Dense("le", f, labels.size(), Activation.NONE);
        Dense gn = new Dense("gn", f + 1, 1, Activation.NONE);
        randomize(le.parameters(), 8, 0.05f);
        randomize(gn.parameters(), 9, 0.01f);
        return Mixture.assemble(ge, labels, le, gn, Mixture.Gating.of(routing));
    }
}

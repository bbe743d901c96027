package org.localexpert.core.tflite;

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
 * The handwriting domain's real graphs — the shipped GE recipe (HandwritingRecipes) and the
 * personal mixture core.moe assembles from it — on the real TFLite interpreter vs the Java engine,
 * with the same checks as every layer in {@link ExportParityTest} (100 inputs at batch 1, 100 at
 * batch 4, import round trip, check-gpu clean).
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

    private static Mixture mixture(Routing routing) {
        GlobalExpert ge = ge();
        List<String> labels = new ArrayList<>(ge.labels());
        labels.add("α");
        labels.add("β");
        int f = ge.featureSize();
        Dense le = new Dense("le", f, labels.size(), Activation.NONE);
        Dense gn = new Dense("gn", f + 1, 1, Activation.NONE);
        randomize(le.parameters(), 8, 0.05f);
        randomize(gn.parameters(), 9, 0.01f);
        return Mixture.assemble(ge, labels, le, gn, routing);
    }
}

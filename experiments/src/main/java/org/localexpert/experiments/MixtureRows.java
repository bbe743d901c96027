package org.localexpert.experiments;

import java.util.Arrays;
import org.localexpert.core.moe.FeatureSet;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.tensor.Tensor;

/**
 * A mixture's head over a feature set, one input at a time, as the "unsure" rule sees it: the mixture's
 * probabilities, the GE's features (for the familiarity check), the gate's opening and the input's label. The
 * unsure benches and probes count different things over the same walk.
 */
public final class MixtureRows {
    private MixtureRows() {
    }

    public interface Visitor {
        /**
         * Row {@code i} of the feature set; {@code probabilities} and {@code features} are fresh copies; {@code gate} > 0.5
         * means the LE answers.
         */
        void row(int i, float[] probabilities, float[] features, float gate, int label);
    }

    public static void forEach(Mixture m, FeatureSet fs, Visitor visitor) {
        Tensor[] heads = m.runHead(fs);
        float[] probs = heads[Mixture.PROBABILITIES].data(), gate = heads[Mixture.GATE].data(), feats = fs.features();
        int k = m.labels().size(), f = fs.featureSize();
        for (int i = 0; i < fs.size(); i++) {
            visitor.row(i, Arrays.copyOfRange(probs, i * k, (i + 1) * k), Arrays.copyOfRange(feats, i * f, (i + 1) * f), gate[i], fs.label(i));
        }
    }
}

package org.localexpert.core.moe;

import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.MnistFixture;
import org.localexpert.core.layer.Padding;
import org.localexpert.core.model.Model;
import org.localexpert.core.train.LeNet5;
import org.localexpert.core.train.Trainer;
import org.localexpert.core.train.TrainerOptions;

/**
 * A small personalization run on real writers: a quickly trained SD-3 GE, personalized for the
 * three SD-1 writers on whose personalization half it errs most (chosen without looking at the
 * held-out halves), must make fewer errors on their held-out halves than the GE alone.
 */
public class RealWritersTest {
    @Test
    public void personalizationCutsHeldOutErrorsOfRealWriters() throws Exception {
        Dataset train = MnistFixture.train();
        Dataset sd3 = HandwritingSplits.benchmarkGeTraining(train);
        Dataset small = sd3.subset(java.util.Arrays.copyOf(sd3.shuffledIndices(1), 6000));
        Model logits = LeNet5.build(new LeNet5.Config(6, 16, 64, Padding.SAME, false, 0f), 28, 28, 10, 1);
        new Trainer(TrainerOptions.builder().epochs(1).batchSize(32).seed(1).threads(2).build()).train(logits, small);
        GlobalExpert ge = GlobalExpert.of(MoeTestModels.withSoftmax(logits), Mnist.LABELS);
        Personalizer p = new Personalizer(Domain.HANDWRITING, ge, ReplaySample.select(sd3, 20, 5), PersonalizationOptions.builder().seed(1).minPerClass(1).build());

        List<HandwritingSplits.UserSplit> users = new ArrayList<>(HandwritingSplits.users(train));
        java.util.Map<Integer, Integer> persErrors = new java.util.HashMap<>();
        for (HandwritingSplits.UserSplit u : users) persErrors.put(u.writerId(), errors(p, u.personalization()));
        users.sort((a, b) -> Integer.compare(persErrors.get(b.writerId()), persErrors.get(a.writerId())));
        int geErrors = 0, mixErrors = 0, samples = 0;
        for (HandwritingSplits.UserSplit u : users.subList(0, 3)) {
            Mixture m = p.personalize(u.personalization()).mixture();
            MixtureScore s = MixtureScore.of(m, p.features(u.heldOut(), m.labels()));
            geErrors += s.geErrors;
            mixErrors += s.errors;
            samples += s.samples;
        }
        assertTrue("held-out errors of 3 writers (" + samples + " digits): GE " + geErrors + ", mixture " + mixErrors,
                mixErrors < geErrors);
    }

    private static int errors(Personalizer p, Dataset d) {
        FeatureSet fs = p.features(d, Mnist.LABELS);
        int e = 0;
        for (int i = 0; i < fs.size(); i++) if (fs.gePrediction(i) != fs.label(i)) e++;
        return e;
    }
}

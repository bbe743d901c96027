package org.localexpert.core.eval;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.Test;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.Softmax;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;

public class EvaluatorTest {

    /** A dense layer with identity weights: the logits are the input itself. */
    private static Model identity(boolean withSoftmax) {
        Model.Builder b = Model.builder();
        Node x = b.input("x", 2);
        Dense d = new Dense("d", 2, 2, Activation.NONE);
        Node y = b.add(d, x);
        float[] w = d.weights().value().data();
        Arrays.fill(w, 0f);
        w[0] = 1f;
        w[3] = 1f;
        d.bias().value().fill(0f);
        if (withSoftmax) y = b.add(new Softmax("p"), y);
        return b.build(y);
    }

    private static Dataset data() {
        List<Example> ex = Arrays.asList(
                new Example(new float[] {2f, 0f}, new int[] {2}, 0),
                new Example(new float[] {0f, 3f}, new int[] {2}, 1),
                new Example(new float[] {1f, 0f}, new int[] {2}, 1));
        return new Dataset(ex, Arrays.asList("a", "b"));
    }

    @Test
    public void logitsAreTurnedIntoProbabilities() {
        Evaluation e = Evaluator.evaluate(identity(false), data(), 2); // batch 2: a full and a partial batch
        assertEquals(3, e.samples());
        assertEquals(2.0 / 3, e.accuracy(), 1e-12);
        double p0 = 1 / (1 + Math.exp(-2)), p1 = 1 / (1 + Math.exp(-3)), p2wrong = 1 / (1 + Math.exp(1));
        assertEquals(-(Math.log(p0) + Math.log(p1) + Math.log(p2wrong)) / 3, e.logLoss(), 1e-6);
        assertEquals(1, e.confusion().count(1, 0));
    }

    @Test
    public void aModelEndingInSoftmaxEvaluatesTheSame() {
        Evaluation logits = Evaluator.evaluate(identity(false), data(), 3);
        Evaluation probs = Evaluator.evaluate(identity(true), data(), 3);
        assertEquals(logits.toJson(), probs.toJson());
    }

    @Test(expected = IllegalArgumentException.class)
    public void outputOfTheWrongWidthIsRejected() {
        List<Example> ex = Arrays.asList(new Example(new float[] {1f, 0f}, new int[] {2}, 0));
        Evaluator.evaluate(identity(false), new Dataset(ex, Arrays.asList("a", "b", "c")), 4);
    }
}

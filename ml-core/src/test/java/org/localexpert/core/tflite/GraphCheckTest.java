package org.localexpert.core.tflite;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;

public class GraphCheckTest {
    private static void expect(TfliteModel m, String message) {
        try {
            GraphCheck.requireRunnable(m);
            fail("expected: " + message);
        } catch (TfliteFormatException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message));
        }
    }

    @Test
    public void writtenModelsAreRunnable() throws Exception {
        GraphCheck.requireRunnable(TestModels.smallCnn(1));
        java.nio.file.Path mobileNet = TestModels.mobileNet();
        if (mobileNet != null) GraphCheck.requireRunnable(TfliteReader.read(mobileNet));
    }

    @Test
    public void outOfOrderDoubleWriteAndDeadBranchAreRefused() {
        TfliteModel m = TestModels.smallCnn(1);
        java.util.Collections.swap(m.mainSubgraph().operators(), 0, 1);
        expect(m, "operator 0 (RESHAPE) reads tensor 3 'conv'");

        m = TestModels.smallCnn(1);
        TfliteSubgraph g = m.mainSubgraph();
        g.addOperator(new TfliteOperator(m.operatorCodeIndex(TfliteOperatorCode.builtin(BuiltinOperator.RELU, 1)),
                new int[] {g.tensorIndex("logits")}, new int[] {g.tensorIndex("probs")}, BuiltinOptions.NONE, null));
        expect(m, "operator 4 (RELU) writes tensor 9 'probs'");

        m = TestModels.smallCnn(1);
        g = m.mainSubgraph();
        int dead = g.addTensor(TfliteTensor.float32("dead", new int[] {1, 5}, null, 0));
        g.addOperator(new TfliteOperator(m.operatorCodeIndex(TfliteOperatorCode.builtin(BuiltinOperator.RELU, 1)),
                new int[] {g.tensorIndex("logits")}, new int[] {dead}, BuiltinOptions.NONE, null));
        expect(m, "operator 4 (RELU) computes results nothing reads");
    }
}

package org.localexpert.core.eval;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import org.junit.Test;
import org.localexpert.core.tensor.Tensor;

public class EvaluationTest {

    /**
     * Hand-made 3-class case (rows true, columns predicted):
     *   a: 3 1 0
     *   b: 0 2 2
     *   c: 1 0 1
     */
    private static ConfusionMatrix handMade() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        int[][] counts = {{3, 1, 0}, {0, 2, 2}, {1, 0, 1}};
        for (int a = 0; a < 3; a++) for (int p = 0; p < 3; p++) for (int i = 0; i < counts[a][p]; i++) m.add(a, p);
        return m;
    }

    @Test
    public void confusionMatrixFiguresMatchHandComputation() {
        ConfusionMatrix m = handMade();
        assertEquals(10, m.total());
        assertEquals(6, m.correct());
        assertEquals(0.6, m.accuracy(), 1e-12);
        // class a: TP 3, predicted 4, support 4
        assertEquals(0.75, m.precision(0), 1e-12);
        assertEquals(0.75, m.recall(0), 1e-12);
        assertEquals(0.75, m.f1(0), 1e-12);
        // class b: TP 2, predicted 3, support 4 -> P 2/3, R 1/2, F1 = 4/7
        assertEquals(2.0 / 3, m.precision(1), 1e-12);
        assertEquals(0.5, m.recall(1), 1e-12);
        assertEquals(4.0 / 7, m.f1(1), 1e-12);
        // class c: TP 1, predicted 3, support 2 -> P 1/3, R 1/2, F1 = 2/5
        assertEquals(1.0 / 3, m.precision(2), 1e-12);
        assertEquals(0.5, m.recall(2), 1e-12);
        assertEquals(0.4, m.f1(2), 1e-12);
        assertEquals((0.75 + 4.0 / 7 + 0.4) / 3, m.macroF1(), 1e-12);
    }

    @Test
    public void classNeverPredictedHasZeroPrecisionNotNaN() {
        ConfusionMatrix m = new ConfusionMatrix(2);
        m.add(1, 0);
        assertEquals(0, m.precision(1), 0);
        assertEquals(0, m.recall(1), 0);
        assertEquals(0, m.f1(1), 0);
        assertEquals(0, m.recall(0), 0); // class 0 absent from the data
    }

    @Test
    public void eceOfPerfectlyCalibratedBinsIsZero() {
        Calibration c = new Calibration(15);
        // 10 predictions at confidence 0.7, 7 right.
        for (int i = 0; i < 10; i++) c.add(0.7, i < 7);
        assertEquals(0, c.expectedCalibrationError(), 1e-12);
    }

    @Test
    public void eceOfOverconfidentModelIsTheGap() {
        Calibration c = new Calibration(15);
        for (int i = 0; i < 10; i++) c.add(0.95, i < 5); // 50 % right at 95 % confidence
        assertEquals(0.45, c.expectedCalibrationError(), 1e-12);
    }

    @Test
    public void eceWeighsBinsBySampleCount() {
        Calibration c = new Calibration(15);
        for (int i = 0; i < 30; i++) c.add(1.0, true); // gap 0 in the top bin
        for (int i = 0; i < 10; i++) c.add(0.4, i < 2); // gap |0.2 - 0.4| = 0.2 in another bin
        assertEquals(10.0 / 40 * 0.2, c.expectedCalibrationError(), 1e-12);
    }

    @Test
    public void binsAreHalfOpenOnTheLeft() {
        Calibration c = new Calibration(10);
        assertEquals(0, c.bin(0.0));
        assertEquals(0, c.bin(0.1));
        assertEquals(1, c.bin(0.1000001));
        assertEquals(9, c.bin(1.0));
    }

    @Test(expected = IllegalArgumentException.class)
    public void logitsInsteadOfProbabilitiesAreRejected() {
        new Calibration(15).add(3.2, true);
    }

    @Test
    public void evaluationFromProbabilitiesGivesAccuracyReportAndJson() {
        float[] probs = {
            0.9f, 0.1f, 0f,   // true 0, predicted 0
            0.2f, 0.7f, 0.1f, // true 1, predicted 1
            0.1f, 0.3f, 0.6f, // true 1, predicted 2
            0.5f, 0.25f, 0.25f, // true 2, predicted 0
        };
        int[] labels = {0, 1, 1, 2};
        Evaluation e = Evaluation.builder(Arrays.asList("zero", "one", "two"))
                .addBatch(Tensor.of(probs, 4, 3), labels, 4).build();
        assertEquals(4, e.samples());
        assertEquals(0.5, e.accuracy(), 1e-12);
        assertEquals(1, e.confusion().count(1, 2));
        double expectedLogLoss = -(Math.log(0.9f) + Math.log(0.7f) + Math.log(0.3f) + Math.log(0.25f)) / 4;
        assertEquals(expectedLogLoss, e.logLoss(), 1e-6);
        // Bins (15): 0.9 right, 0.7 right, 0.6 wrong, 0.5 wrong, each alone in its bin.
        double ece = (Math.abs(1 - 0.9f) + Math.abs(1 - 0.7f) + Math.abs(0 - 0.6f) + Math.abs(0 - 0.5f)) / 4;
        assertEquals(ece, e.expectedCalibrationError(), 1e-6);

        String report = e.report();
        assertTrue(report, report.contains("accuracy 50.00 %"));
        assertTrue(report, report.contains("zero"));
        String json = e.toJson();
        assertTrue(json, json.startsWith("{\"samples\":4,\"accuracy\":0.500000,"));
        assertTrue(json, json.contains("\"confusion\":[[1,0,0],[0,1,1],[1,0,0]]"));
        assertTrue(json, json.contains("{\"label\":\"one\",\"precision\":1.000000,\"recall\":0.500000,\"f1\":0.666667,\"support\":2}"));
    }

    @Test
    public void jsonEscapesLabelNames() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", Evaluation.quote("a\"b\\c\n\u0001"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void labelOutsideTheClassesIsRejected() {
        Evaluation.builder(2).add(2, new float[] {0.5f, 0.5f}, 0);
    }

    @Test
    public void macroF1AveragesOverTheClassesPresentOnly() {
        // A 5-class folder scored by a 15-class model: ten classes have no photos and are never predicted.
        ConfusionMatrix m = new ConfusionMatrix(15);
        for (int c = 0; c < 5; c++) for (int i = 0; i < 10; i++) m.add(c, c);
        assertEquals(5, m.presentClasses());
        assertEquals(1.0, m.macroF1(), 1e-12);
        // a wrong answer into an absent class costs its true class's recall, not a zero for the absent class
        m.add(0, 12);
        assertEquals((2.0 * 10 / 21 + 4) / 5, m.macroF1(), 1e-12);
        // a present class never predicted right still counts, as 0
        m.add(6, 0);
        assertEquals(6, m.presentClasses());
        assertEquals((2.0 * 10 / 22 + 4 + 0) / 6, m.macroF1(), 1e-12);
        assertEquals(0, new ConfusionMatrix(3).macroF1(), 0);
    }
}

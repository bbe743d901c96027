package org.localexpert.core.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.eval.Evaluator;
import org.localexpert.core.layer.Padding;
import org.localexpert.core.model.Model;
import org.localexpert.core.tensor.Tensor;

/**
 * The trainer on small synthetic images (12×12, three classes: a bright bar at the top, in the
 * middle or at the bottom, plus noise), fast enough for CI. The model has BatchNorm and Dropout so
 * that layer state, not only weights, is exercised by determinism and resume.
 */
public class TrainerTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    static final int SIDE = 12;

    static Dataset bars(int n, long seed) {
        Rng rng = new Rng(seed);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            float[] img = new float[SIDE * SIDE];
            for (int p = 0; p < img.length; p++) img[p] = (float) rng.uniform(0, 0.3);
            int row = 2 + label * 4 + rng.nextInt(2);
            for (int x = 2; x < SIDE - 2; x++) img[row * SIDE + x] += 0.8f;
            examples.add(new Example(img, new int[] {SIDE, SIDE, 1}, label));
        }
        return new Dataset(examples, Arrays.asList("top", "middle", "bottom"));
    }

    static Model smallNet(long seed) {
        return LeNet5.build(new LeNet5.Config(4, 6, 16, Padding.SAME, true, 0.25f), SIDE, SIDE, 3, seed);
    }

    static TrainerOptions.Builder options() {
        return TrainerOptions.builder().epochs(3).batchSize(16).seed(11).threads(2)
                .optimizer(() -> Adam.adamW(3e-3, 1e-4))
                .schedule(total -> LearningRateSchedule.warmupCosine(3e-3, Math.min(5, total / 2), total, 1e-4))
                .augmentation(() -> new RandomAffine(5, 0.05, 1));
    }

    private static void assertSameState(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(k, a.get(k).data(), b.get(k).data(), 0f);
    }

    @Test
    public void learnsTheSyntheticTask() throws IOException {
        Dataset train = bars(300, 1), test = bars(150, 2);
        Model model = smallNet(3);
        TrainingResult r = new Trainer(options().epochs(4).build()).train(model, train, test, null, null);
        assertEquals(TrainingResult.Stop.COMPLETED, r.stop());
        assertEquals(4, r.history().size());
        assertTrue("validation accuracy " + r.bestValidation().accuracy(), r.bestValidation().accuracy() > 0.9);
        assertTrue(r.samplesPerSecond() > 0);
        assertEquals(4L * 19, r.steps()); // ceil(300 / 16) = 19 steps per epoch
    }

    /**
     * Images of no class for the bar task: a class's horizontal bar crossed by a vertical one, plus the same
     * noise — a plain model reads the horizontal bar and answers confidently.
     */
    static Dataset crosses(int n, long seed) {
        Rng rng = new Rng(seed);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] img = new float[SIDE * SIDE];
            for (int p = 0; p < img.length; p++) img[p] = (float) rng.uniform(0, 0.3);
            int row = 2 + (i % 3) * 4 + rng.nextInt(2), col = 2 + rng.nextInt(SIDE - 4);
            for (int x = 2; x < SIDE - 2; x++) img[row * SIDE + x] += 0.8f;
            for (int y = 2; y < SIDE - 2; y++) if (y != row) img[y * SIDE + col] += 0.8f;
            examples.add(new Example(img, new int[] {SIDE, SIDE, 1}, 0));
        }
        return new Dataset(examples, Arrays.asList("no class"));
    }

    private static double meanTopProbability(Model logits, Dataset data) {
        Tensor x = Tensor.zeros(data.size(), SIDE, SIDE, 1);
        for (int i = 0; i < data.size(); i++) System.arraycopy(data.get(i).features(), 0, x.data(), i * SIDE * SIDE, SIDE * SIDE);
        Tensor z = logits.forward(x, false);
        int k = z.dim(1);
        double sum = 0;
        for (int i = 0; i < data.size(); i++) {
            double max = Double.NEGATIVE_INFINITY, norm = 0;
            for (int j = 0; j < k; j++) max = Math.max(max, z.data()[i * k + j]);
            for (int j = 0; j < k; j++) norm += Math.exp(z.data()[i * k + j] - max);
            sum += 1 / norm;
        }
        return sum / data.size();
    }

    @Test
    public void outlierExposureMakesTheModelUnsureOfInputsOfNoClassAndKeepsTheClasses() throws IOException {
        Dataset train = bars(300, 1), test = bars(150, 2), unseenOutliers = crosses(100, 8);
        Model plain = smallNet(3), exposed = smallNet(3);
        new Trainer(options().epochs(8).build()).train(plain, train);
        TrainerOptions oe = options().epochs(8).outlierExposure(new OutlierExposure(crosses(200, 7), 8, 0.5, "crosses")).build();
        assertTrue(oe.toString(), oe.toString().contains("outlier exposure: 200 outliers (crosses), 8 per batch, weight 0.50"));
        new Trainer(oe).train(exposed, train);
        assertTrue(Evaluator.evaluate(exposed, test, 64).accuracy() >= 0.95);
        double before = meanTopProbability(plain, unseenOutliers), after = meanTopProbability(exposed, unseenOutliers);
        // Measured: 0.755 without outlier exposure, 0.438 with it (1/3 would be the uniform).
        assertTrue("top probability on unseen outliers: plain " + before + ", exposed " + after, before > 0.7 && after < 0.48);
        // Reproducible: the outliers of each step are fixed by the seed.
        Model again = smallNet(3);
        new Trainer(oe).train(again, train);
        assertSameState(Trainer.snapshot(exposed), Trainer.snapshot(again));
    }

    @Test
    public void anOutlierExposureRunResumesToTheSameWeightsAndRefusesOtherOutliers() throws IOException {
        Dataset train = bars(100, 1);
        OutlierExposure oe = new OutlierExposure(crosses(40, 7), 8, 0.5, "crosses");
        Path ckpt = tmp.getRoot().toPath().resolve("oe.ckpt");
        Model straight = smallNet(3);
        new Trainer(options().outlierExposure(oe).build()).train(straight, train);

        Model resumed = smallNet(3);
        TrainerOptions opts = options().outlierExposure(oe).checkpoint(ckpt, 4).resume(true).build();
        CancellationToken token = new CancellationToken();
        TrainingResult r = new Trainer(opts).train(resumed, train, null, new TrainingListener() {
            @Override
            public void onStep(Progress p) {
                if (p.globalStep() == 9) token.cancel(); // mid-epoch, and mid-way through the outliers' own order
            }
        }, token);
        assertEquals(TrainingResult.Stop.CANCELLED, r.stop());
        try {
            new Trainer(options().outlierExposure(new OutlierExposure(crosses(41, 7), 8, 0.5, "")).checkpoint(ckpt, 4).resume(true).build())
                    .train(smallNet(3), train);
            fail("resumed with other outliers");
        } catch (CheckpointException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("trained with 40 outliers of no class, this run has 41"));
        }
        resumed = smallNet(3);
        assertEquals(TrainingResult.Stop.COMPLETED, new Trainer(opts).train(resumed, train, null, null, null).stop());
        assertSameState(straight.state(), resumed.state());
    }

    @Test
    public void outliersOfAnotherShapeAreAClearError() throws IOException {
        List<Example> wrong = new ArrayList<>();
        wrong.add(new Example(new float[4], new int[] {2, 2, 1}, 0));
        TrainerOptions oe = options().outlierExposure(new OutlierExposure(new Dataset(wrong, Arrays.asList("x")), 4, 0.5, "")).build();
        try {
            new Trainer(oe).train(smallNet(3), bars(30, 1));
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("outliers have shape [2, 2, 1] but the training data [12, 12, 1]"));
        }
    }

    @Test
    public void sameSeedGivesBitIdenticalWeightsAndAnotherSeedDoesNot() throws IOException {
        Dataset train = bars(120, 1);
        Model a = smallNet(3), b = smallNet(3), c = smallNet(3);
        new Trainer(options().build()).train(a, train);
        new Trainer(options().build()).train(b, train);
        new Trainer(options().seed(12).build()).train(c, train);
        assertSameState(a.state(), b.state());
        assertFalse(Arrays.equals(a.state().get("conv1/kernel").data(), c.state().get("conv1/kernel").data()));
    }

    @Test
    public void oneAndTwoThreadsGiveTheSameWeights() throws IOException {
        // Stronger than the promise (same thread count): the engine's splits never depend on threads.
        Dataset train = bars(60, 1);
        Model a = smallNet(3), b = smallNet(3);
        new Trainer(options().epochs(1).threads(1).build()).train(a, train);
        new Trainer(options().epochs(1).threads(2).build()).train(b, train);
        assertSameState(a.state(), b.state());
    }

    @Test
    public void interruptedAndResumedRunEndsWithTheSameWeightsAsAnUninterruptedOne() throws IOException {
        Dataset train = bars(100, 1), validation = bars(30, 5);
        Path ckpt = tmp.getRoot().toPath().resolve("run.ckpt");

        Model straight = smallNet(3);
        new Trainer(options().build()).train(straight, train, validation, null, null);

        // Interrupted twice: mid-epoch (cancel at global step 9 of 7/epoch) and again in epoch 3.
        Model resumed = smallNet(3);
        TrainerOptions opts = options().checkpoint(ckpt, 4).resume(true).build();
        for (long stopAt : new long[] {9, 16}) {
            CancellationToken token = new CancellationToken();
            TrainingResult r = new Trainer(opts).train(resumed, train, validation, new TrainingListener() {
                @Override
                public void onStep(Progress p) {
                    if (p.globalStep() == stopAt) token.cancel();
                }
            }, token);
            assertEquals(TrainingResult.Stop.CANCELLED, r.stop());
            // A fresh process rebuilds the model; scramble its state so only the checkpoint can restore it.
            resumed = smallNet(3);
            for (Tensor t : resumed.state().values()) t.fill(0.123f);
        }
        List<String> messages = new ArrayList<>();
        TrainingResult r = new Trainer(opts).train(resumed, train, validation, new TrainingListener() {
            @Override
            public void onMessage(String m) {
                messages.add(m);
            }
        }, null);
        assertEquals(TrainingResult.Stop.COMPLETED, r.stop());
        assertTrue(messages.toString(), messages.get(0).startsWith("resuming from"));
        assertEquals(3, r.epochsCompleted());
        assertSameState(straight.state(), resumed.state());
    }

    @Test
    public void cancellationStopsWithinOneBatch() throws IOException {
        CancellationToken token = new CancellationToken();
        TrainingResult r = new Trainer(options().build()).train(smallNet(3), bars(200, 1), null, new TrainingListener() {
            @Override
            public void onStep(Progress p) {
                if (p.globalStep() == 5) token.cancel();
            }
        }, token);
        assertEquals(TrainingResult.Stop.CANCELLED, r.stop());
        assertEquals(5, r.steps());
        assertTrue(r.message(), r.message().contains("step 5/"));
    }

    @Test
    public void nonFiniteLossStopsAndKeepsTheLastGoodWeights() throws IOException {
        Dataset clean = bars(64, 1);
        List<Example> examples = new ArrayList<>(clean.examples());
        float[] poisoned = examples.get(40).features().clone();
        poisoned[3] = Float.NaN;
        examples.set(40, new Example(poisoned, new int[] {SIDE, SIDE, 1}, examples.get(40).label()));
        Dataset train = new Dataset(examples, clean.labelNames());

        Model model = smallNet(3);
        List<Map<String, Tensor>> lastGood = new ArrayList<>();
        lastGood.add(Trainer.snapshot(model));
        List<String> messages = new ArrayList<>();
        TrainingResult r = new Trainer(options().augmentation(null).build()).train(model, train, null, new TrainingListener() {
            @Override
            public void onStep(Progress p) {
                lastGood.set(0, Trainer.snapshot(model));
            }

            @Override
            public void onMessage(String m) {
                messages.add(m);
            }
        }, null);
        assertEquals(TrainingResult.Stop.NON_FINITE, r.stop());
        assertTrue(r.message(), r.message().contains("NaN"));
        assertEquals(messages.get(0), r.message());
        assertSameState(lastGood.get(0), model.state()); // weights AND BatchNorm statistics untouched by the bad batch
        for (Tensor t : model.state().values()) for (float v : t.data()) assertTrue(Float.isFinite(v));
    }

    @Test
    public void earlyStoppingRestoresTheBestEpoch() throws IOException {
        // Validation labels are noise: accuracy cannot keep improving, so patience 1 stops early.
        Dataset train = bars(90, 1);
        Dataset noise = bars(60, 9);
        List<Example> shuffled = new ArrayList<>();
        Rng rng = new Rng(4);
        for (Example e : noise.examples()) shuffled.add(e.withLabel(rng.nextInt(3)));
        Dataset validation = new Dataset(shuffled, noise.labelNames());

        Model model = smallNet(3);
        List<Map<String, Tensor>> perEpoch = new ArrayList<>();
        TrainingResult r = new Trainer(options().epochs(10).patience(1).build()).train(model, train, validation,
                new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochSummary s) {
                        perEpoch.add(Trainer.snapshot(model));
                        assertNotNull(s.validation());
                    }
                }, null);
        assertEquals(TrainingResult.Stop.EARLY_STOPPED, r.stop());
        assertTrue(r.epochsCompleted() < 10);
        assertEquals(r.bestEpoch(), r.epochsCompleted() - 1);
        assertSameState(perEpoch.get(r.bestEpoch() - 1), model.state());
        assertEquals(r.history().get(r.bestEpoch() - 1).validation().accuracy(), r.bestValidation().accuracy(), 0);
    }

    @Test
    public void validationFractionSplitsOffAStratifiedShare() throws IOException {
        List<Integer> validationSizes = new ArrayList<>();
        new Trainer(options().epochs(1).validationFraction(0.2).build()).train(smallNet(3), bars(150, 1), null,
                new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochSummary s) {
                        validationSizes.add((int) s.validation().samples());
                    }
                }, null);
        assertEquals(Arrays.asList(30), validationSizes);
    }

    @Test
    public void balancedClassWeightsAreInverseFrequencies() {
        List<Example> ex = new ArrayList<>();
        for (int i = 0; i < 8; i++) ex.add(new Example(new float[SIDE * SIDE], new int[] {SIDE, SIDE, 1}, i < 6 ? 0 : 1));
        Dataset d = new Dataset(ex, Arrays.asList("a", "b", "c"));
        float[] w = new Trainer(options().classWeighting(TrainerOptions.ClassWeighting.BALANCED).build()).classWeights(d);
        assertArrayEquals(new float[] {8f / (3 * 6), 8f / (3 * 2), 0f}, w, 1e-6f);
        assertEquals(null, new Trainer(options().build()).classWeights(d));
    }

    @Test
    public void checkpointOfAnotherRunIsRefusedWithTheReason() throws IOException {
        Path ckpt = tmp.getRoot().toPath().resolve("other.ckpt");
        new Trainer(options().epochs(1).checkpoint(ckpt, 0).build()).train(smallNet(3), bars(40, 1));
        try {
            new Trainer(options().epochs(1).batchSize(8).checkpoint(ckpt, 0).resume(true).build()).train(smallNet(3), bars(40, 1));
            fail("a checkpoint with another batch size was accepted");
        } catch (CheckpointException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("batchSize"));
        }
        Files.write(ckpt, Arrays.copyOf(Files.readAllBytes(ckpt), 100));
        try {
            new Trainer(options().epochs(1).checkpoint(ckpt, 0).resume(true).build()).train(smallNet(3), bars(40, 1));
            fail("a truncated checkpoint was accepted");
        } catch (CheckpointException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("partly written"));
        }
    }

    @Test
    public void modelEndingInSoftmaxIsRefused() throws IOException {
        Model logits = smallNet(3);
        Model.Builder b = Model.builder(1);
        org.localexpert.core.model.Node in = b.input("image", SIDE, SIDE, 1);
        org.localexpert.core.model.Node out = b.include(logits, "", in).get(LeNet5.LOGITS);
        Model probs = b.build(b.add(new org.localexpert.core.layer.Softmax("probs"), out));
        try {
            new Trainer(options().build()).train(probs, bars(30, 1));
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("logits"));
        }
    }
}

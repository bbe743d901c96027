package org.localexpert.core.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.localexpert.cli.Main;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.MnistFixture;
import org.localexpert.core.eval.Evaluation;
import org.localexpert.core.eval.Evaluator;
import org.localexpert.core.layer.Padding;
import org.localexpert.core.model.Model;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteReader;

/** Training on real MNIST digits: small seeded subsets so CI stays fast. Skips without the data folder. */
public class MnistTrainingTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static Dataset train, test;

    @BeforeClass
    public static void load() {
        if (!DataLocation.has(DataLocation.MNIST) || !DataLocation.has(DataLocation.QMNIST)) return;
        Dataset all = MnistFixture.train();
        train = all.subset(Arrays.copyOf(all.shuffledIndices(42), 2000));
        Dataset t10k = MnistFixture.test();
        test = t10k.subset(Arrays.copyOf(t10k.shuffledIndices(43), 1000));
    }

    private static void assumeData() {
        Assume.assumeTrue("skipped: " + DataLocation.missingMessage(DataLocation.MNIST), train != null);
    }

    private static Model tinyLeNet(long seed) {
        return LeNet5.build(new LeNet5.Config(6, 16, 64, Padding.VALID, false, 0.25f), 28, 28, 10, seed);
    }

    @Test
    public void smallLeNetLearnsDigitsFromTwoThousandExamplesInFourEpochs() throws IOException {
        assumeData();
        Model model = tinyLeNet(1);
        TrainerOptions options = HandwritingRecipes.geOptions(4, 1, 2, train.size()).validationFraction(0).batchSize(32).build();
        TrainingResult r = new Trainer(options).train(model, train);
        assertEquals(TrainingResult.Stop.COMPLETED, r.stop());
        Evaluation e = Evaluator.evaluate(model, test, 250);
        assertTrue("t10k subset accuracy " + e.accuracy(), e.accuracy() > 0.90);
    }

    @Test
    public void twoRunsWithTheSameSeedGiveIdenticalWeights() throws IOException {
        assumeData();
        Dataset small = train.subset(Arrays.copyOf(train.shuffledIndices(1), 320));
        Model a = tinyLeNet(5), b = tinyLeNet(5);
        TrainerOptions options = HandwritingRecipes.geOptions(1, 5, 2, small.size()).validationFraction(0.1).build();
        new Trainer(options).train(a, small);
        new Trainer(options).train(b, small);
        for (String k : a.state().keySet()) assertArrayEquals(k, a.state().get(k).data(), b.state().get(k).data(), 0f);
    }

    @Test
    public void trainGeWithoutTheDataFolderNamesTheMissingSetAndExitsTwo() throws IOException {
        Path empty = tmp.newFolder("nodata").toPath();
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"train-ge", "--domain", "handwriting", "--data", empty.toString(),
                "--out", tmp.getRoot().toPath().resolve("ge.tflite").toString()}, new PrintStream(out), new PrintStream(err));
        String message = new String(err.toByteArray(), StandardCharsets.UTF_8);
        assertEquals(message, 2, code);
        assertEquals(message, 1, message.trim().split("\n").length);
        assertTrue(message, message.contains("'mnist'") && message.contains("mnist-data"));
    }

    @Test
    public void trainGeRejectsAnUnknownDomainInOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"train-ge", "--domain", "cats", "--data", ".", "--out", "x.tflite"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(2, code);
        assertTrue(new String(err.toByteArray(), StandardCharsets.UTF_8).contains("unknown domain 'cats'"));
    }

    @Test
    public void trainGeEndToEndOnAFewDigitsWritesACheckedTflite() throws IOException {
        assumeData();
        Path out = tmp.getRoot().toPath().resolve("ge.tflite");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"train-ge", "--domain", "handwriting", "--data", DataLocation.root().getPath(),
                "--out", out.toString(), "--epochs", "1", "--limit", "256", "--threads", "2"},
                new PrintStream(buf), new PrintStream(buf));
        String log = new String(buf.toByteArray(), StandardCharsets.UTF_8);
        assertEquals(log, 0, code);
        assertTrue(log, log.contains("MNIST t10k"));
        assertTrue(log, log.contains("same prediction as the trained model on 100.0 %"));
        assertTrue(Files.size(out) > 1_000_000); // 431 k float32 weights
        assertTrue("checkpoint removed after success", !Files.exists(Paths.get(out + ".ckpt")));
    }

    @Test
    public void trainGeWithOutlierExposureRecordsTheAlphabetsAndAFineTuneChangesOnlyTheNamedLayer() throws Exception {
        assumeData();
        Assume.assumeTrue(DataLocation.missingMessage(DataLocation.OMNIGLOT), DataLocation.has(DataLocation.OMNIGLOT));
        String data = DataLocation.root().getPath(), omniglot = new File(DataLocation.root(), DataLocation.OMNIGLOT).getPath();
        Path first = tmp.newFolder("oe").toPath().resolve("ge.tflite");
        String log = trainGe("--out", first.toString(), "--epochs", "1", "--limit", "256", "--threads", "2", "--outliers", omniglot,
                "--outlier-alphabets", "Greek", "--redraw", "0.5");
        assertTrue(log, log.contains("outlier exposure: 480 outliers (Omniglot Greek), 32 per batch, weight 0.50"));
        assertTrue(log, log.contains("pen redraw 50 % (pen 0.050-0.100 of the drawing)"));
        LocalExpertMetadata meta = LocalExpertMetadata.read(TfliteReader.read(first));
        assertEquals("Greek", meta.properties().get(HandwritingRecipes.OUTLIER_ALPHABETS_PROPERTY));

        // A fine-tune of the logits layer from that file: every other weight is the file's, bit for bit.
        Path second = tmp.newFolder("logits").toPath().resolve("ge.tflite");
        trainGe("--out", second.toString(), "--epochs", "1", "--limit", "256", "--threads", "2", "--from", first.toString(),
                "--train-only", "logits");
        Map<String, Tensor> a = ModelImporter.toModel(TfliteReader.read(first)).state(), b = ModelImporter.toModel(TfliteReader.read(second)).state();
        for (String k : a.keySet()) {
            boolean same = Arrays.equals(a.get(k).data(), b.get(k).data());
            assertEquals(k, !k.startsWith("logits/"), same);
        }
    }

    @Test
    public void trainGeRefusesAnEvaluationAlphabetAsOutliersAndAForeignStartingFile() throws Exception {
        assumeData();
        String omniglot = new File(DataLocation.root(), DataLocation.OMNIGLOT).getPath();
        String err = trainGeFails("--out", tmp.getRoot().toPath().resolve("x.tflite").toString(), "--outliers", omniglot,
                "--outlier-alphabets", "Tagalog");
        assertTrue(err, err.contains("Tagalog is an evaluation alphabet, kept for scoring only"));
        Path notAGe = tmp.newFile("not-a-ge.tflite").toPath();
        Files.write(notAGe, new byte[] {1, 2, 3});
        err = trainGeFails("--out", tmp.getRoot().toPath().resolve("y.tflite").toString(), "--from", notAGe.toString());
        assertTrue(err, err.startsWith("localexpert train-ge: --from " + notAGe));
    }

    /** {@code train-ge --domain handwriting --data <shared data> extra…} in this JVM: {exit code, stdout + stderr, stderr}. */
    private static String[] runTrainGe(String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        String[] argv = new String[4 + extra.length];
        argv[0] = "train-ge";
        argv[1] = "--domain";
        argv[2] = "handwriting";
        argv[3] = "--data=" + DataLocation.root().getPath();
        System.arraycopy(extra, 0, argv, 4, extra.length);
        int code = Main.run(argv, new PrintStream(out), new PrintStream(err));
        String e = new String(err.toByteArray(), StandardCharsets.UTF_8);
        return new String[] {Integer.toString(code), new String(out.toByteArray(), StandardCharsets.UTF_8) + e, e};
    }

    private static String trainGe(String... extra) {
        String[] r = runTrainGe(extra);
        assertEquals(r[1], "0", r[0]);
        return r[1];
    }

    private static String trainGeFails(String... extra) {
        String[] r = runTrainGe(extra);
        assertEquals(r[1], "2", r[0]);
        return r[2];
    }

    private static final class Paths {
        static Path get(String s) {
            return java.nio.file.Paths.get(s);
        }
    }
}

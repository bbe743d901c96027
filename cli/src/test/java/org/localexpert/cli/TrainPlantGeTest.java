package org.localexpert.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteOperator;
import org.localexpert.core.tflite.TfliteReader;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * {@code train-ge --domain plant} end to end on a short run at 64 px (the shipped recipe's code path,
 * one epoch per phase, no augmented copies), then {@code --score} on the file it wrote: the two must
 * report the same validation accuracy, and the file must start with the convolution reading the photo
 * (the input map folded in).
 */
public class TrainPlantGeTest {
    @Rule public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void shortRunWritesAFoldedGeThatScoresTheSameWhenReadBack() throws Exception {
        for (String set : new String[] {DataLocation.SUGARCANE_DAPHAL, DataLocation.PLANTVILLAGE_TOMATO, DataLocation.MOBILENET_BACKBONE}) {
            Assume.assumeTrue(DataLocation.missingMessage(set), DataLocation.has(set));
        }
        String data = DataLocation.root().getPath();
        File out = new File(tmp.getRoot(), "ge.tflite");
        String[] r = run("train-ge", "--domain", "plant", "--data", data, "--out", out.getPath(), "--size", "64",
                "--epochs", "1", "--fine-tune-epochs", "1", "--copies", "0", "--threads", "2", "--no-test");
        assertEquals(r[2] + r[1], "0", r[0]);
        assertTrue(r[1], r[1].contains("test splits not scored (--no-test)"));
        List<String> labels = Files.readAllLines(new File(tmp.getRoot(), "labels.txt").toPath(), StandardCharsets.UTF_8);
        assertEquals(15, labels.size());

        TfliteModel m = TfliteReader.read(out.toPath());
        // The replay sample ships with the GE it was written by, as the GE's features, bound to it by its weights hash.
        org.localexpert.core.moe.ReplayFeatures replay = org.localexpert.core.moe.ReplayFeatures.read(
                new File(tmp.getRoot(), org.localexpert.core.moe.ReplayFeatures.FILE_NAME).toPath(), org.localexpert.core.tflite.GeHash.of(m));
        assertEquals(labels, replay.labels());
        assertEquals(16 * 15, replay.size());
        TfliteOperator first = m.mainSubgraph().operators().get(0);
        assertEquals(BuiltinOperator.CONV_2D, m.operatorCode(first).builtinCode());
        assertEquals(m.mainSubgraph().inputs()[0], first.input(0));

        Matcher trained = Pattern.compile("validation of the written file: Daphal ([0-9.]+) %, tomato ([0-9.]+) %").matcher(r[1]);
        assertTrue(r[1], trained.find());
        String[] s = run("train-ge", "--domain", "plant", "--data", data, "--score", out.getPath(), "--threads", "2");
        assertEquals(s[2] + s[1], "0", s[0]);
        Matcher scored = Pattern.compile("Daphal validation \\(379 photos\\): accuracy ([0-9.]+) %").matcher(s[1]);
        assertTrue(s[1], scored.find());
        assertEquals("training run and --score disagree on Daphal validation", trained.group(1), scored.group(1));
        assertTrue(s[1], s[1].contains("Daphal test (378 photos)") && s[1].contains("tomato test (241 photos)"));
        assertTrue(s[1], s[1].contains("unsure below") && s[1].contains("GPU check: passes"));
    }

    private static String[] run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(argv, new PrintStream(out, true), new PrintStream(err, true));
        return new String[] {Integer.toString(code), new String(out.toByteArray(), StandardCharsets.UTF_8),
                new String(err.toByteArray(), StandardCharsets.UTF_8)};
    }
}

package org.localexpert.core.tflite;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.localexpert.cli.Main;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.GatherOptionsT;
import org.tensorflow.lite.schema.TensorType;

public class GpuCompatibilityTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void smallCnnRunsOnTheGpu() {
        assertEquals(0, GpuCompatibility.check(TestModels.smallCnn(1)).size());
    }

    /** smallCnn plus a GATHER on the probabilities, an int64 index tensor, and a v2 CONV_2D. */
    private static TfliteModel withProblems() {
        TfliteModel m = TestModels.smallCnn(1);
        TfliteSubgraph g = m.mainSubgraph();
        int probs = g.outputs()[0];
        int idx = g.addTensor(new TfliteTensor("idx", new int[] {1}, null, TensorType.INT64,
                m.addBuffer(new byte[8]), null, false));
        int picked = g.addTensor(TfliteTensor.float32("picked", new int[] {1, 1}, null, 0));
        GatherOptionsT go = new GatherOptionsT();
        go.setAxis(1);
        g.addOperator(new TfliteOperator(m.operatorCodeIndex(TfliteOperatorCode.builtin(BuiltinOperator.GATHER, 1)),
                new int[] {probs, idx}, new int[] {picked}, BuiltinOptions.GatherOptions, go));
        g.setOutputs(picked);
        return m;
    }

    @Test
    public void unsupportedOpIsNamed() {
        List<GpuCompatibility.Problem> problems = GpuCompatibility.check(withProblems());
        assertEquals(problems.toString(), 1, problems.size());
        assertEquals("GATHER v1", problems.get(0).opName());
        assertEquals(4, problems.get(0).operator());
        assertTrue(problems.get(0).toString().contains("GATHER is not supported"));
    }

    @Test
    public void versionAndTensorRulesAreChecked() {
        TfliteModel m = TestModels.smallCnn(1);
        m.operatorCodes().set(0, TfliteOperatorCode.builtin(BuiltinOperator.CONV_2D, 2));
        TfliteSubgraph g = m.mainSubgraph();
        TfliteTensor fc = g.tensor(g.outputs()[0]);
        g.tensors().set(g.outputs()[0], new TfliteTensor("probs", fc.shape(), null, TensorType.INT8, 0, null, false));
        List<GpuCompatibility.Problem> problems = GpuCompatibility.check(m);
        String all = problems.toString();
        assertTrue(all, all.contains("CONV_2D is supported only up to version 1"));
        assertTrue(all, all.contains("'probs' INT8[1, 5]: type INT8 is not supported"));
    }

    @Test
    public void cliExitCodes() throws Exception {
        Path good = tmp.newFile("good.tflite").toPath();
        TfliteWriter.write(TestModels.smallCnn(1), good);
        Path bad = tmp.newFile("bad.tflite").toPath();
        TfliteWriter.write(withProblems(), bad);
        Path junk = tmp.newFile("junk.tflite").toPath();
        Files.write(junk, "not a model".getBytes());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[] {"check-gpu", good.toString()}, new PrintStream(out), new PrintStream(err)));
        assertTrue(out.toString(), out.toString().contains("all 4 operators can run"));

        out.reset();
        assertEquals(1, Main.run(new String[] {"check-gpu", bad.toString()}, new PrintStream(out), new PrintStream(err)));
        assertTrue(out.toString(), out.toString().contains("operator 4 GATHER v1: GATHER is not supported by the GPU delegate"));

        err.reset();
        assertEquals(2, Main.run(new String[] {"check-gpu", junk.toString()}, new PrintStream(out), new PrintStream(err)));
        assertEquals(err.toString(), 1, err.toString().trim().split("\n").length);
        assertTrue(err.toString(), err.toString().contains("no TFL3 identifier"));
    }

    @Test
    public void converterMobileNetFailsOnSqueeze() throws Exception {
        Path file = TestModels.mobileNet();
        Assume.assumeTrue("MobileNet v1 0.25 not found under " + TestModels.dataDir(), file != null);
        List<GpuCompatibility.Problem> problems = GpuCompatibility.check(TfliteReader.read(file));
        assertEquals(problems.toString(), 1, problems.size());
        assertTrue(problems.get(0).toString().contains("SQUEEZE is not supported"));
    }
}

package org.localexpert.experiments;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;
import org.localexpert.cli.Main;

public class BenchPerfCommandTest {
    @Test
    public void readmeSectionIsReplacedBetweenTheMarkers() throws Exception {
        Path readme = Files.createTempFile("readme", ".md");
        Files.write(readme, ("# T\n\n" + BenchPerfCommand.BEGIN + "\nold table\n" + BenchPerfCommand.END + "\n\nafter\n")
                .getBytes(StandardCharsets.UTF_8));
        String s = BenchPerfCommand.section(readme, "| new |\n");
        assertEquals("# T\n\n" + BenchPerfCommand.BEGIN + "\n| new |\n" + BenchPerfCommand.END + "\n\nafter\n", s);
    }

    @Test
    public void readmeWithoutMarkersIsAUserErrorBeforeAnythingRuns() throws Exception {
        Path dir = Files.createTempDirectory("perf");
        Files.createDirectories(dir.resolve("models/handwriting"));
        Files.createDirectories(dir.resolve("models/plant"));
        Files.write(dir.resolve("models/handwriting/handwriting-ge.tflite"), new byte[1]);
        Files.write(dir.resolve("models/plant/plant-ge.tflite"), new byte[1]);
        Path readme = dir.resolve("README.md");
        Files.write(readme, "# no markers\n".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"bench-perf", "--models", dir.resolve("models").toString(), "--readme", readme.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, "UTF-8"));
        assertEquals(2, code);
        assertTrue(err.toString("UTF-8"), err.toString("UTF-8").contains("bench-perf:begin"));
    }

    @Test
    public void missingModelsAreAUserError() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"bench-perf", "--models", "/nonexistent-models"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, "UTF-8"));
        assertEquals(2, code);
        assertTrue(err.toString("UTF-8"), err.toString("UTF-8").contains("no shipped models"));
    }
}

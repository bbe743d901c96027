package org.localexpert.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... argv) {
        return Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    public void helpListsEveryCommand() {
        assertEquals(0, run("--help"));
        String text = out.toString(StandardCharsets.UTF_8);
        for (Command c : Main.commands()) {
            assertTrue("help should list " + c.name(), text.contains(c.name()));
        }
    }

    @Test
    public void unknownCommandIsOneLineAndExitTwo() {
        assertEquals(2, run("frobnicate"));
        String text = err.toString(StandardCharsets.UTF_8).trim();
        assertTrue(text, text.contains("unknown command 'frobnicate'"));
        assertEquals("one line only", 1, text.lines().count());
    }

    @Test
    public void unknownOptionIsRejected() {
        assertEquals(2, run("version", "--colour", "blue"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --colour"));
    }

    @Test
    public void brokenModelFileIsOneLineNotAStackTrace() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("broken", ".tflite");
        try {
            java.nio.file.Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
            assertEquals(2, run("predict", "--model", f.toString(), "--image", f.toString()));
            String text = err.toString(StandardCharsets.UTF_8).trim();
            assertEquals(text, 1, text.lines().count());
            assertTrue(text, !text.contains("internal error"));
        } finally {
            java.nio.file.Files.deleteIfExists(f);
        }
    }
}

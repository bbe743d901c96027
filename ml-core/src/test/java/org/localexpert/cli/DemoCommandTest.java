package org.localexpert.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.io.File;
import org.junit.Test;

public class DemoCommandTest {
    /** models/handwriting/ holds the shipped GE and the SD-3-only benchmark GE: the demo must take the shipped one. */
    @Test
    public void demoUsesTheShippedGeNotTheBenchmarkGe() {
        File root = new File("..");
        if (!new File(root, "models/handwriting").isDirectory()) root = new File(".");
        File ge = DemoCommand.findShippedGe(root);
        assertNotNull("no shipped GE found under " + root.getAbsolutePath(), ge);
        assertEquals("handwriting-ge.tflite", ge.getName());
        assertNull(DemoCommand.findShippedGe(new File("no-such-project")));
    }
}

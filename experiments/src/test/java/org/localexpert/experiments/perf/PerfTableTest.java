package org.localexpert.experiments.perf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

public class PerfTableTest {
    @Test
    public void verdictsFollowTheTargets() {
        PerfTable t = new PerfTable();
        assertTrue(t.atMost("1", "ratio", "a vs b", 1.04, "x", 1.05).holds);
        assertFalse(t.atMost("2", "ratio", "a vs b", 2.5, "x", 2.0).holds);
        assertTrue(t.atLeast("3", "speed-up", "a vs b", 1.5, "x", 1.5).holds);
        assertFalse(t.atLeast("3", "speed-up", "a vs b", 1.2, "x", 1.5).holds);
        PerfTable.Row notRun = t.notRun("3", "DL4J", "not run: build with -Pbench", "≥ 1.5");
        assertNull(notRun.holds);
        assertEquals("not run", notRun.valueText());
    }

    @Test
    public void csvAndMarkdownCarryEveryRow() throws Exception {
        PerfTable t = new PerfTable();
        t.machine("machine: test");
        t.atMost("4", "personalization, plant", "wall 3.1 s, 30 photos", 1.9, "s", 10);
        t.notRun("3", "training", "not run: build with -Pbench", "≥ 1.5");
        Path dir = Files.createTempDirectory("perf");
        t.writeCsv(dir.resolve("perf.csv"));
        List<String> csv = Files.readAllLines(dir.resolve("perf.csv"), StandardCharsets.UTF_8);
        assertEquals(3, csv.size());
        assertEquals("4,\"personalization, plant\",1.90000,s,≤ 10 s,yes,\"wall 3.1 s, 30 photos\"", csv.get(1));
        assertEquals("3,training,,,≥ 1.5,,not run: build with -Pbench", csv.get(2));
        String md = t.markdown();
        assertTrue(md, md.startsWith("- machine: test\n"));
        assertTrue(md, md.contains("| 4 | personalization, plant | 1.90 s | ≤ 10 s | yes | wall 3.1 s, 30 photos |"));
        assertTrue(md, md.contains("| 3 | training | not run | ≥ 1.5 | - | not run: build with -Pbench |"));
    }
}

package org.localexpert.core.store;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AtomicFileTest {
    @Rule public TemporaryFolder tmp = FastFolder.create();

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    public void writesReplacesAndCreatesFolders() throws IOException {
        Path f = tmp.getRoot().toPath().resolve("a/b/c.bin");
        AtomicFile.standard().write(f, bytes(100, 1));
        assertArrayEquals(bytes(100, 1), Files.readAllBytes(f));
        AtomicFile.standard().write(f, out -> {
            for (int i = 0; i < 50_000; i++) out.write(i); // byte-at-a-time content is buffered into chunks
        });
        assertEquals(50_000, Files.size(f));
        assertEquals(Arrays.asList(f), ModelStoreTest.listAll(tmp.getRoot().toPath()));
    }

    @Test
    public void theStepsAreWriteChunksForceRenameDirectoryFsync() throws IOException {
        FileSystemFaults count = FileSystemFaults.counting().logging();
        Path f = tmp.getRoot().toPath().resolve("x.bin");
        new AtomicFile(count).write(f, bytes(2 * AtomicFile.CHUNK_BYTES + 1, 2));
        List<String> log = count.log();
        assertEquals(log.toString(), 6, log.size());
        assertTrue(log.get(0), log.get(0).startsWith("WRITE ") && log.get(0).endsWith(AtomicFile.TEMP_SUFFIX));
        assertTrue(log.get(3), log.get(3).startsWith("FORCE ") && log.get(3).endsWith(AtomicFile.TEMP_SUFFIX));
        assertEquals("MOVE " + f, log.get(4));
        assertEquals("FORCE " + tmp.getRoot().toPath(), log.get(5));
    }

    /** A crash at every step of a 3-chunk write: the target is the old content or the new one, whole. */
    @Test
    public void crashAtEveryStepLeavesOldOrNewAndCleanTempsRemovesTheRest() throws IOException {
        Path dir = tmp.getRoot().toPath();
        byte[] oldBytes = bytes(40_000, 3);
        byte[] newBytes = bytes(45_000, 4);
        FileSystemFaults count = FileSystemFaults.counting();
        Path probe = dir.resolve("probe.bin");
        new AtomicFile(count).write(probe, newBytes);
        int sawOld = 0, sawNew = 0, partialTemps = 0;
        for (long step = 1; step <= count.steps(); step++) {
            Path f = dir.resolve("file" + step + ".bin");
            AtomicFile.standard().write(f, oldBytes);
            try {
                new AtomicFile(FileSystemFaults.crashAt(step)).write(f, newBytes);
                fail("no crash at step " + step);
            } catch (FileSystemFaults.SimulatedCrash expected) {
                // the process "died" here
            }
            byte[] now = Files.readAllBytes(f);
            if (Arrays.equals(now, oldBytes)) sawOld++;
            else if (Arrays.equals(now, newBytes)) sawNew++;
            else fail("step " + step + ": the target holds " + now.length + " bytes that are neither version");
            try (java.util.stream.Stream<Path> temps = Files.list(dir)) {
                partialTemps += (int) temps.filter(p -> p.toString().endsWith(AtomicFile.TEMP_SUFFIX)).count();
            }
            AtomicFile.standard().cleanTemps(dir);
        }
        assertEquals(count.steps(), sawOld + sawNew);
        assertEquals("only the crash at the directory fsync comes after the rename", 1, sawNew);
        assertEquals("every crash before the rename leaves its temporary behind", count.steps() - 1, partialTemps);
        try (java.util.stream.Stream<Path> left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.toString().endsWith(AtomicFile.TEMP_SUFFIX)));
        }
    }

    @Test
    public void diskFullFailsCleanlyAndKeepsTheOldFile() throws IOException {
        Path f = tmp.getRoot().toPath().resolve("samples/s.png");
        AtomicFile.standard().write(f, bytes(30_000, 5));
        for (IoHooks.Op op : new IoHooks.Op[] {IoHooks.Op.WRITE, IoHooks.Op.FORCE, IoHooks.Op.MOVE}) {
            try {
                new AtomicFile(FileSystemFaults.failAt(1, op, new IOException(FileSystemFaults.DISK_FULL))).write(f, bytes(60_000, 6));
                fail(op.toString());
            } catch (IOException e) {
                assertEquals("could not write " + f + ": " + FileSystemFaults.DISK_FULL, e.getMessage());
            }
            assertArrayEquals(bytes(30_000, 5), Files.readAllBytes(f));
            assertEquals("no temporary is left after a failure", Arrays.asList(f), ModelStoreTest.listAll(tmp.getRoot().toPath()));
        }
    }

    @Test
    public void contentThatThrowsLeavesNothing() throws IOException {
        Path f = tmp.getRoot().toPath().resolve("c.bin");
        try {
            AtomicFile.standard().write(f, out -> {
                out.write(new byte[100]);
                throw new IOException("encoder failed");
            });
            fail();
        } catch (IOException e) {
            assertEquals("could not write " + f + ": encoder failed", e.getMessage());
        }
        assertFalse(Files.exists(f));
        assertEquals(0, ModelStoreTest.listAll(tmp.getRoot().toPath()).size());
    }

    @Test
    public void refusesTemporaryNamesAndCleansOnlyTemporaries() throws IOException {
        Path dir = tmp.getRoot().toPath();
        try {
            AtomicFile.standard().write(dir.resolve("x" + AtomicFile.TEMP_SUFFIX), new byte[1]);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("marks temporary files"));
        }
        Files.write(dir.resolve("keep.tmp"), new byte[1]);
        Files.write(dir.resolve(".a.123" + AtomicFile.TEMP_SUFFIX), new byte[1]);
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/.b.1" + AtomicFile.TEMP_SUFFIX), new byte[1]);
        assertEquals(1, AtomicFile.standard().cleanTemps(dir));
        assertTrue(Files.exists(dir.resolve("keep.tmp")));
        assertTrue("not recursive", Files.exists(dir.resolve("sub/.b.1" + AtomicFile.TEMP_SUFFIX)));
        assertEquals(0, AtomicFile.standard().cleanTemps(dir.resolve("absent")));
    }
}

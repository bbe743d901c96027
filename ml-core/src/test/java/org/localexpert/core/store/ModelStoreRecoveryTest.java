package org.localexpert.core.store;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.localexpert.core.store.ModelStoreTest.MODEL_PREFIX;
import static org.localexpert.core.store.ModelStoreTest.ids;
import static org.localexpert.core.store.ModelStoreTest.listAll;
import static org.localexpert.core.store.ModelStoreTest.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * What {@link ModelStore#open} repairs, and a crash or a full disk at every single file step of
 * every store operation: afterwards the active model is the one before or the one after the
 * operation, every listed version reads back intact, and no stray file remains.
 */
public class ModelStoreRecoveryTest {
    @Rule public TemporaryFolder tmp = FastFolder.create();

    private Path dir() {
        return tmp.getRoot().toPath().resolve("handwriting");
    }

    private ModelStore open(IoHooks hooks) throws IOException {
        return ModelStore.open(dir(), MODEL_PREFIX, new ModelStore.Options().hooks(hooks).clock(() -> 5_000));
    }

    private ModelStore threeVersions() throws Exception {
        ModelStore s = open(IoHooks.NONE);
        for (int i = 1; i <= 3; i++) s.install(model("m" + i), Collections.singletonMap("n", "" + i));
        return s;
    }

    private static void flipLastByte(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        b[b.length - 1] ^= 1;
        Files.write(f, b);
    }

    @Test
    public void damagedActiveModelFallsBackToTheNewestIntactOlderOne() throws Exception {
        threeVersions();
        flipLastByte(dir().resolve("versions/v3.tflite"));
        ModelStore s = open(IoHooks.NONE);
        assertEquals("v2", s.active().get().id());
        assertEquals("[v2, v1]", ids(s));
        assertFalse("the damaged file is removed", Files.exists(dir().resolve("versions/v3.tflite")));
        String notes = s.recoveryNotes().toString();
        assertTrue(notes, notes.contains("dropped model v3: model v3 is damaged: its SHA-256 does not match"));
        assertTrue(notes, notes.contains("active model v3 was damaged or missing; now active: v2"));
        assertTrue("the repair is committed", open(IoHooks.NONE).recoveryNotes().isEmpty());
        assertEquals("v4", s.install(model("m4"), null).id());
    }

    @Test
    public void missingOrTruncatedFilesAndNothingLeftMeansTheShippedGe() throws Exception {
        threeVersions();
        Files.delete(dir().resolve("versions/v3.tflite"));
        Path v2 = dir().resolve("versions/v2.tflite");
        Files.write(v2, Arrays.copyOf(Files.readAllBytes(v2), 3));
        flipLastByte(dir().resolve("versions/v1.tflite"));
        ModelStore s = open(IoHooks.NONE);
        assertFalse(s.active().isPresent());
        assertTrue(s.versions().isEmpty());
        String notes = s.recoveryNotes().toString();
        assertTrue(notes, notes.contains("v3: its file is missing") && notes.contains("3 bytes instead of") && notes.contains("now active: the shipped global expert"));
        assertEquals(Collections.singletonList(dir().resolve(ModelStore.MANIFEST)), listAll(dir()));
    }

    @Test
    public void damagedManifestIsRebuiltFromTheVersionRecords() throws Exception {
        threeVersions().rollback();
        flipLastByte(dir().resolve(ModelStore.MANIFEST));
        ModelStore s = open(IoHooks.NONE);
        assertTrue(s.recoveryNotes().toString(), s.recoveryNotes().get(0).contains("manifest was unreadable"));
        assertEquals("[v3, v2, v1]", ids(s));
        assertEquals("the newest intact version", "v3", s.active().get().id());
        assertEquals("2", s.versions().get(1).info().get("n"));
        assertArrayEquals(model("m2"), s.read(s.versions().get(1)));
    }

    @Test
    public void strayTemporariesAndUncommittedFilesAreRemoved() throws Exception {
        threeVersions();
        Files.write(dir().resolve(".manifest.properties.77" + AtomicFile.TEMP_SUFFIX), new byte[10]);
        Files.write(dir().resolve("versions/.v4.tflite.1" + AtomicFile.TEMP_SUFFIX), new byte[10]);
        Files.write(dir().resolve("versions/v4.tflite"), model("m4"));
        ModelStore s = open(IoHooks.NONE);
        assertEquals("v3", s.active().get().id());
        assertEquals(7, listAll(dir()).size()); // manifest + 3 x (model, record)
        assertTrue(s.recoveryNotes().toString(), s.recoveryNotes().contains("removed 2 temporary file(s) left by an interrupted write"));
        assertEquals("an id seen on disk is never reused", "v5", s.install(model("m5"), null).id());
    }

    @Test
    public void verifyOnOpenReplacesAnActiveModelTheVerifierNoLongerAccepts() throws Exception {
        threeVersions();
        // e.g. an app update shipped a new GE and v3 was trained against the old one
        ModelVerifier notV3 = b -> {
            MODEL_PREFIX.verify(b);
            if (new String(b, "UTF-8").endsWith("m3")) throw new IllegalStateException("trained for another global expert");
        };
        ModelStore lenient = ModelStore.open(dir(), notV3);
        assertEquals("without verifyOnOpen only checksums are checked", "v3", lenient.active().get().id());
        ModelStore s = ModelStore.open(dir(), notV3, new ModelStore.Options().verifyOnOpen(true));
        assertEquals("v2", s.active().get().id());
        assertTrue(s.recoveryNotes().toString(), s.recoveryNotes().toString().contains("trained for another global expert"));
        assertEquals("the version itself is kept", "[v3, v2, v1]", ids(s));
        try {
            s.activate("v3");
            fail();
        } catch (ModelRejectedException e) {
            assertEquals("model v3 was rejected: trained for another global expert", e.getMessage());
        }
        assertEquals("v2", s.active().get().id());
    }

    @Test
    public void rollbackSkipsVersionsThatNoLongerPass() throws Exception {
        threeVersions();
        ModelVerifier notV2 = b -> {
            MODEL_PREFIX.verify(b);
            if (new String(b, "UTF-8").endsWith("m2")) throw new IllegalStateException("no");
        };
        ModelStore s = ModelStore.open(dir(), notV2);
        assertEquals("v1", s.rollback().get().id());
        flipLastByte(dir().resolve("versions/v1.tflite"));
        s.activate("v3");
        assertFalse("a damaged older version is skipped too", s.rollback().isPresent());
    }

    @Test
    public void badArgumentsAreRefusedClearly() throws Exception {
        ModelStore s = open(IoHooks.NONE);
        expectRejected(() -> s.install(new byte[0], null), "the new model is empty (0 bytes)");
        expectRejected(() -> s.install(tmp.getRoot().toPath().resolve("none.tflite"), null), "does not exist");
        try {
            s.install(model("x"), Collections.singletonMap("bad key/..", "v"));
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("info key 'bad key/..'"));
        }
        try {
            s.activate("v9");
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("no model version 'v9' in " + dir().toAbsolutePath() + "; have []", e.getMessage());
        }
        assertTrue(s.versions().isEmpty());
        ModelVersion v1 = s.install(model("same"), null);
        assertEquals("installing the active model's bytes again changes nothing", v1, s.install(model("same"), null));
        assertEquals("[v1]", ids(s));
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void expectRejected(Call c, String message) throws Exception {
        try {
            c.run();
            fail("expected rejection: " + message);
        } catch (ModelRejectedException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message));
        }
    }

    // ------------------------------------------------------------------ every step of every operation

    /** An operation on a store holding v1..v3 (v3 active), and the active ids acceptable after it. */
    private interface Operation {
        void apply(ModelStore s) throws Exception;
    }

    @Test
    public void crashOrFullDiskAtEveryStepOfEveryOperation() throws Exception {
        Map<String, Operation> ops = new TreeMap<>();
        ops.put("install (and prune v1)", s -> s.install(model("m4"), null));
        ops.put("rollback", ModelStore::rollback);
        ops.put("activate v1", s -> s.activate("v1"));
        ops.put("delete the active v3", s -> s.delete("v3"));
        ops.put("delete v1", s -> s.delete("v1"));
        ops.put("deleteAll", ModelStore::deleteAll);
        int crashes = 0, failures = 0;
        for (Map.Entry<String, Operation> op : ops.entrySet()) {
            FileSystemFaults probe = FileSystemFaults.counting();
            threeVersions();
            String before = "v3";
            op.getValue().apply(open(probe));
            ModelStore after = open(IoHooks.NONE);
            String expectedAfter = after.active().map(ModelVersion::id).orElse("GE");
            List<String> afterIds = idList(after);
            deleteAll();
            for (long step = 1; step <= probe.steps(); step++) {
                for (boolean crash : new boolean[] {true, false}) {
                    threeVersions();
                    ModelStore s = open(crash ? FileSystemFaults.crashAt(step)
                            : FileSystemFaults.failAt(step, null, new IOException(FileSystemFaults.DISK_FULL)));
                    String context = op.getKey() + (crash ? ", crash" : ", disk full") + " at step " + step + " of " + probe.steps();
                    try {
                        op.getValue().apply(s);
                    } catch (FileSystemFaults.SimulatedCrash e) {
                        crashes++;
                    } catch (IOException e) {
                        failures++;
                        assertTrue(context + ": " + e.getMessage(), e.getMessage().contains(FileSystemFaults.DISK_FULL));
                        // The instance that saw the failure still tells the truth about the disk.
                        assertEquals(context, activeOf(open(IoHooks.NONE)), activeOf(s));
                    }
                    ModelStore reopened = open(IoHooks.NONE);
                    String active = activeOf(reopened);
                    assertTrue(context + ": active " + active, active.equals(before) || active.equals(expectedAfter));
                    for (ModelVersion v : reopened.versions()) reopened.read(v);
                    List<Path> expectedFiles = new ArrayList<>();
                    for (ModelVersion v : reopened.versions()) {
                        expectedFiles.add(v.file());
                        expectedFiles.add(v.file().resolveSibling(v.id() + ".properties"));
                    }
                    List<Path> files = listAll(dir());
                    files.remove(dir().resolve(ModelStore.MANIFEST).toAbsolutePath());
                    files.remove(dir().resolve(ModelStore.MANIFEST));
                    Collections.sort(expectedFiles);
                    assertEquals(context + ": files on disk", expectedFiles, files);
                    if (!op.getKey().startsWith("delete")) {
                        // Nothing lost (pruning may not have happened yet: the next install does it).
                        assertTrue(context + ": " + idList(reopened), idList(reopened).containsAll(afterIds.stream().filter(id -> !id.equals("v4")).collect(java.util.stream.Collectors.toList())));
                    }
                    deleteAll();
                }
            }
        }
        System.out.printf("ModelStoreRecoveryTest: %d simulated crashes and %d disk-full failures, one at every file step of "
                + "%d store operations; each left the old or the new active model, intact files and no strays%n", crashes, failures, ops.size());
        assertTrue(crashes > 50);
    }

    private static String activeOf(ModelStore s) {
        return s.active().map(ModelVersion::id).orElse("GE");
    }

    private static List<String> idList(ModelStore s) {
        List<String> ids = new ArrayList<>();
        for (ModelVersion v : s.versions()) ids.add(v.id());
        return ids;
    }

    private void deleteAll() throws IOException {
        for (Path p : listAll(tmp.getRoot().toPath())) Files.delete(p);
    }
}

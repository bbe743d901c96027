package org.localexpert.core.store;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The store's contract with plain bytes as "models" (the verifier decides what a model is). */
public class ModelStoreTest {
    @Rule public TemporaryFolder tmp = FastFolder.create();

    /** Accepts bytes starting with "MODEL"; the rejection message is what the user would see. */
    static final ModelVerifier MODEL_PREFIX = bytes -> {
        if (bytes.length < 5 || !new String(bytes, 0, 5, StandardCharsets.US_ASCII).equals("MODEL")) {
            throw new IllegalArgumentException("not a model: missing MODEL header");
        }
    };

    static byte[] model(String s) {
        return ("MODEL " + s).getBytes(StandardCharsets.UTF_8);
    }

    private final AtomicLong clock = new AtomicLong(1_000);

    private ModelStore open(Path dir) throws IOException {
        return ModelStore.open(dir, MODEL_PREFIX, new ModelStore.Options().clock(() -> clock.addAndGet(1000)));
    }

    @Test
    public void emptyStoreMeansTheShippedGe() throws Exception {
        ModelStore s = open(tmp.getRoot().toPath());
        assertFalse(s.active().isPresent());
        assertTrue(s.versions().isEmpty());
        assertTrue(s.recoveryNotes().isEmpty());
    }

    @Test
    public void installActivatesAndKeepsInfoAcrossReopen() throws Exception {
        Path dir = tmp.getRoot().toPath();
        ModelStore s = open(dir);
        ModelVersion v1 = s.install(model("one"), Collections.singletonMap("accuracy", "0.91"));
        ModelVersion v2 = s.install(model("two"), Collections.singletonMap("accuracy", "0.95"));
        assertEquals("v2", s.active().get().id());
        assertEquals(java.util.Arrays.asList(v2, v1), s.versions());
        ModelStore again = open(dir);
        assertEquals(v2, again.active().get());
        assertEquals("0.95", again.active().get().info().get("accuracy"));
        assertEquals(3000, again.versions().get(0).createdMillis());
        assertArrayEquals(model("two"), again.read(again.active().get()));
        assertTrue(again.recoveryNotes().toString(), again.recoveryNotes().isEmpty());
    }

    @Test
    public void rejectedModelWritesNothing() throws Exception {
        Path dir = tmp.getRoot().toPath();
        ModelStore s = open(dir);
        s.install(model("good"), null);
        List<Path> before = listAll(dir);
        try {
            s.install("garbage".getBytes(StandardCharsets.UTF_8), null);
            fail();
        } catch (ModelRejectedException e) {
            assertEquals("the new model was rejected: not a model: missing MODEL header", e.getMessage());
        }
        assertEquals(before, listAll(dir));
        assertEquals("v1", s.active().get().id());
    }

    @Test
    public void rollbackActivateDeleteAndPrune() throws Exception {
        Path dir = tmp.getRoot().toPath();
        ModelStore s = open(dir);
        for (int i = 1; i <= 5; i++) s.install(model("m" + i), null);
        assertEquals("[v5, v4, v3]", ids(s));
        assertFalse(Files.exists(dir.resolve("versions/v1.tflite")));
        assertEquals("v4", s.rollback().get().id());
        assertEquals("v4", s.active().get().id());
        assertEquals("v3", s.rollback().get().id());
        assertFalse(s.rollback().isPresent());
        assertFalse(open(dir).active().isPresent());
        assertEquals("v5", s.activate("v5").id());
        s.delete("v5");
        assertEquals("v4", s.active().get().id());
        assertEquals("[v4, v3]", ids(s));
        ModelVersion v6 = s.install(model("m6"), null);
        assertEquals("v6", v6.id());
        s.deleteAll();
        assertFalse(s.active().isPresent());
        assertEquals(Collections.emptyList(), listAll(dir));
        assertFalse(open(dir).active().isPresent());
    }

    static String ids(ModelStore s) {
        return s.versions().stream().map(ModelVersion::id).collect(Collectors.toList()).toString();
    }

    static List<Path> listAll(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }
}

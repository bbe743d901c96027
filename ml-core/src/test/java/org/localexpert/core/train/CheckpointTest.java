package org.localexpert.core.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.localexpert.core.tensor.Tensor;

public class CheckpointTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static Checkpoint sample() {
        return new Checkpoint()
                .put("epoch", 3)
                .put("lr", 0.1 + 0.2) // not exactly representable in decimal: must come back bit-exact
                .put("note", "über \"quoted\"")
                .putTensor("conv1/kernel", Tensor.of(new float[] {1f, -2f, Float.MIN_VALUE, 3.5e30f, 0f, -0f}, 2, 1, 3))
                .putTensor("scalar", Tensor.of(new float[] {42f}))
                .putTensor("empty", Tensor.zeros(0, 4));
    }

    @Test
    public void writeThenReadGivesTheSameEntriesExactly() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("sub/run.ckpt");
        sample().write(file);
        Checkpoint c = Checkpoint.read(file);
        assertEquals(3, c.getLong("epoch"));
        assertEquals(Double.doubleToRawLongBits(0.1 + 0.2), Double.doubleToRawLongBits(c.getDouble("lr")));
        assertEquals("über \"quoted\"", c.get("note"));
        Tensor k = c.tensor("conv1/kernel");
        assertArrayEquals(new int[] {2, 1, 3}, k.shape());
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(k.data()[5]));
        assertArrayEquals(sample().tensor("conv1/kernel").data(), k.data(), 0f);
        assertArrayEquals(new int[0], c.tensor("scalar").shape());
        assertArrayEquals(new int[] {0, 4}, c.tensor("empty").shape());
        assertEquals(Arrays.asList("conv1/kernel", "scalar", "empty"), Arrays.asList(c.tensors().keySet().toArray()));
        // No temporary files are left next to it.
        try (java.util.stream.Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(1, files.count());
        }
    }

    @Test
    public void everyTruncationIsRejected() {
        byte[] full = sample().toBytes();
        for (int length = 0; length < full.length; length++) {
            try {
                Checkpoint.fromBytes(Arrays.copyOf(full, length), "cut");
                fail("a checkpoint cut at " + length + " of " + full.length + " bytes was accepted");
            } catch (CheckpointException expected) {
                // fine
            }
        }
    }

    @Test
    public void everySingleByteChangeIsRejected() {
        byte[] full = sample().toBytes();
        for (int i = 0; i < full.length; i++) {
            byte[] bad = full.clone();
            bad[i] ^= 0x10;
            try {
                Checkpoint.fromBytes(bad, "flipped");
                fail("a checkpoint with byte " + i + " changed was accepted");
            } catch (CheckpointException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("flipped"));
            }
        }
    }

    @Test
    public void halfWrittenFileSaysSoClearly() throws IOException {
        Path file = tmp.newFile("half.ckpt").toPath();
        byte[] full = sample().toBytes();
        Files.write(file, Arrays.copyOf(full, full.length / 2));
        try {
            Checkpoint.read(file);
            fail();
        } catch (CheckpointException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("partly written"));
        }
    }

    @Test
    public void rewritingReplacesTheOldCheckpointWhole() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("run.ckpt");
        sample().write(file);
        new Checkpoint().put("epoch", 4).write(file);
        Checkpoint c = Checkpoint.read(file);
        assertEquals(4, c.getLong("epoch"));
        assertTrue(c.tensors().isEmpty());
    }

    @Test(expected = CheckpointException.class)
    public void missingEntryIsNamed() {
        new Checkpoint().get("epoch");
    }
}

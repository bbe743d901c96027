package org.localexpert.core.tflite;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.Test;

/**
 * Hostile-file fuzzing of {@link TfliteReader}: valid files mutated by bit flips, byte and word
 * replacement with boundary values, truncation, splices, insertions and deletions. Every case must
 * end in a model or a {@link TfliteFormatException} — any other exception, an OutOfMemoryError or a
 * hang fails the test with the case number and seed so it can be replayed. A model that does come
 * out must also write and read back (the IR the reader accepts is one the writer can handle).
 */
public class TfliteFuzzTest {
    private static final long SEED = 20261124L;
    private static final int OWN_CASES = 12_000;
    private static final int MOBILENET_CASES = 2_000;

    @Test(timeout = 300_000)
    public void mutatedFilesEndInAModelOrAFormatError() throws Exception {
        List<byte[]> bases = new ArrayList<>();
        bases.add(TfliteWriter.write(TestModels.smallCnn(11)));
        TfliteModel withMeta = TestModels.smallCnn(13);
        new LocalExpertMetadata().domain("plant").role("ge").labels(java.util.Arrays.asList("a", "b", "c", "d", "e"))
                .geHash(GeHash.of(withMeta)).created("2026-11-24T00:00:00Z").writeTo(withMeta);
        bases.add(TfliteWriter.write(withMeta));
        TfliteModel noMeta = TestModels.smallCnn(12);
        noMeta.metadata().clear();
        noMeta.setDescription(null);
        bases.add(TfliteWriter.write(noMeta));
        int[] outcomes = new int[2];
        long start = System.nanoTime();
        Random r = new Random(SEED);
        for (int i = 0; i < OWN_CASES; i++) {
            byte[] base = bases.get(r.nextInt(bases.size()));
            runCase(mutate(base, bases.get(r.nextInt(bases.size())), r), i, outcomes, true);
        }
        int cases = OWN_CASES;
        double ownSeconds = (System.nanoTime() - start) / 1e9;
        Path mobileNet = TestModels.mobileNet();
        int[] ownOutcomes = outcomes.clone();
        if (mobileNet != null) {
            byte[] real = Files.readAllBytes(mobileNet);
            for (int i = 0; i < MOBILENET_CASES; i++) {
                runCase(mutate(real, real, r), OWN_CASES + i, outcomes, i % 25 == 0); // importing MobileNet is slow: every 25th
            }
            cases += MOBILENET_CASES;
        } else {
            System.out.println("TfliteFuzzTest: MobileNet file absent under " + TestModels.dataDir() + ", fuzzing own files only");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("TfliteFuzzTest: %d cases in %.1f s (seed %d): %d read as models, %d refused with TfliteFormatException; "
                + "own files %d cases in %.1f s (%d read, %d refused), MobileNet %d cases (%d read, %d refused)%n",
                cases, seconds, SEED, outcomes[0], outcomes[1], OWN_CASES, ownSeconds, ownOutcomes[0], ownOutcomes[1],
                cases - OWN_CASES, outcomes[0] - ownOutcomes[0], outcomes[1] - ownOutcomes[1]);
        assertTrue("the mutations must reach the verifier, not only the weights", outcomes[1] > cases / 4);
        assertTrue("some mutations must leave a readable file", outcomes[0] > cases / 50);
    }

    private static void runCase(byte[] bytes, int index, int[] outcomes, boolean deep) {
        try {
            TfliteModel m = TfliteReader.read(bytes);
            TfliteReader.read(TfliteWriter.write(m));
            // What the app does next with a model it read must not crash either.
            GpuCompatibility.check(m);
            try {
                GraphCheck.requireRunnable(m);
            } catch (TfliteFormatException fine) {
                // a well-formed file whose graph cannot run
            }
            if (!deep) {
                outcomes[0]++;
                return;
            }
            try {
                LocalExpertMetadata.read(m);
            } catch (TfliteFormatException fine) {
                // damaged metadata is reported as such
            }
            try {
                ModelImporter.toModel(m);
            } catch (IncompatibleModelException fine) {
                // a readable file the Java engine cannot run
            }
            outcomes[0]++;
        } catch (TfliteFormatException e) {
            if (e.getMessage() == null || e.getMessage().isEmpty()) fail("case " + index + ": empty message");
            // The accessors' last-resort catch must not be needed: the verifier should see it first.
            if (e.getMessage().startsWith("damaged flatbuffer")) {
                fail("case " + index + ": slipped past the verifier: " + e.getMessage());
            }
            outcomes[1]++;
        } catch (Throwable t) {
            AssertionError err = new AssertionError("case " + index + " (seed " + SEED + ", " + bytes.length
                    + " bytes) ended in " + t);
            err.initCause(t);
            throw err;
        }
    }

    /** Where to mutate: mostly the graph tables (start and end of the file), sometimes anywhere. */
    private static int position(byte[] b, Random r) {
        // A converter-made file keeps its graph tables in the last tens of KB, after the weights.
        int window = Math.min(b.length, b.length > 100_000 ? 32_768 : 4096);
        switch (r.nextInt(4)) {
            case 0: case 1: return r.nextInt(window);
            case 2: return b.length - 1 - r.nextInt(window);
            default: return r.nextInt(b.length);
        }
    }

    private static final int[] INTERESTING = {0, 1, -1, 2, 3, 4, 8, 16, 127, 128, 255, 256, 0x7fff, 0x8000, 0xffff,
            0x7fffffff, 0x80000000, 0x40000000, -4, -8};

    static byte[] mutate(byte[] base, byte[] other, Random r) {
        byte[] b = base.clone();
        int rounds = 1 + r.nextInt(3);
        for (int k = 0; k < rounds && b.length > 8; k++) {
            int p = position(b, r);
            switch (r.nextInt(7)) {
                case 0: { // bit flips
                    int flips = 1 + r.nextInt(8);
                    for (int f = 0; f < flips; f++) {
                        int q = Math.min(b.length - 1, p + r.nextInt(16));
                        b[q] ^= (byte) (1 << r.nextInt(8));
                    }
                    break;
                }
                case 1: // one byte replaced
                    b[p] = (byte) (r.nextBoolean() ? r.nextInt(256) : INTERESTING[r.nextInt(INTERESTING.length)]);
                    break;
                case 2: { // a 32-bit word replaced by a boundary value (offsets, lengths, counts)
                    int q = Math.min(b.length - 4, p) & ~3;
                    int v = r.nextInt(3) == 0 ? b.length - r.nextInt(64) : INTERESTING[r.nextInt(INTERESTING.length)];
                    b[q] = (byte) v;
                    b[q + 1] = (byte) (v >> 8);
                    b[q + 2] = (byte) (v >> 16);
                    b[q + 3] = (byte) (v >> 24);
                    break;
                }
                case 3: // truncation
                    b = Arrays.copyOf(b, r.nextInt(b.length));
                    break;
                case 4: { // splice: a chunk of another (or the same) file copied over this one
                    int len = 1 + r.nextInt(256);
                    int from = r.nextInt(Math.max(1, other.length - len));
                    int n = Math.min(len, Math.min(other.length - from, b.length - p));
                    System.arraycopy(other, from, b, p, n);
                    break;
                }
                case 5: { // insertion of random bytes
                    int len = 1 + r.nextInt(32);
                    byte[] out = new byte[b.length + len];
                    System.arraycopy(b, 0, out, 0, p);
                    for (int i = 0; i < len; i++) out[p + i] = (byte) r.nextInt(256);
                    System.arraycopy(b, p, out, p + len, b.length - p);
                    b = out;
                    break;
                }
                default: { // deletion
                    int len = Math.min(b.length - p, 1 + r.nextInt(32));
                    byte[] out = new byte[b.length - len];
                    System.arraycopy(b, 0, out, 0, p);
                    System.arraycopy(b, p + len, out, p, b.length - p - len);
                    b = out;
                    break;
                }
            }
        }
        return b;
    }
}

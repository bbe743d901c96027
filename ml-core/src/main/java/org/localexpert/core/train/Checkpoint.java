package org.localexpert.core.train;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.localexpert.core.store.AtomicFile;
import org.localexpert.core.tensor.Tensor;

/**
 * Named tensors plus named text values in one file — what training needs to continue exactly where
 * it stopped: weights and BatchNorm statistics, optimizer moments, the best weights so far, and
 * counters (epoch, step, seed, ...).
 *
 * <p>Format (big-endian): magic {@code "LXCKPT01"}; int count of text entries, each UTF-8 key and
 * value (int length + bytes); int count of tensors, each UTF-8 name, int rank, the dims, the
 * float32 values; then a CRC-32 of everything before it (8 bytes). A file cut short or altered
 * anywhere fails the checksum and is rejected, never half-loaded.
 *
 * <p>{@link #write} is atomic: a temporary file in the same folder is written, flushed and fsynced,
 * then renamed over the target, so a crash leaves either the old checkpoint or the new one.
 */
public final class Checkpoint {
    private static final byte[] MAGIC = "LXCKPT01".getBytes(StandardCharsets.US_ASCII);
    /** Refuse anything larger before reading it into memory: no model here comes near this. */
    static final long MAX_BYTES = 1L << 30;

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    public Checkpoint put(String key, String value) {
        values.put(checkKey(key), value);
        return this;
    }

    public Checkpoint put(String key, long value) {
        return put(key, Long.toString(value));
    }

    /** Stored exactly (the double's bits in hex) so a resumed run compares the same numbers. */
    public Checkpoint put(String key, double value) {
        return put(key, Long.toHexString(Double.doubleToRawLongBits(value)));
    }

    /** Stores {@code tensor} itself (not a copy); {@link #write} reads its values at write time. */
    public Checkpoint putTensor(String name, Tensor tensor) {
        tensors.put(checkKey(name), tensor);
        return this;
    }

    private static String checkKey(String key) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("checkpoint keys must be non-empty");
        return key;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) throw new CheckpointException("checkpoint has no entry '" + key + "'");
        return v;
    }

    public long getLong(String key) {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            throw new CheckpointException("checkpoint entry '" + key + "' is not a whole number: " + get(key));
        }
    }

    public double getDouble(String key) {
        try {
            return Double.longBitsToDouble(Long.parseUnsignedLong(get(key), 16));
        } catch (NumberFormatException e) {
            throw new CheckpointException("checkpoint entry '" + key + "' is not a stored number: " + get(key));
        }
    }

    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new CheckpointException("checkpoint has no tensor '" + name + "'");
        return t;
    }

    /** Unmodifiable view in insertion (file) order. */
    public Map<String, Tensor> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    public Map<String, String> values() {
        return Collections.unmodifiableMap(values);
    }

    /** The file's bytes, checksum included. */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(values.size());
            for (Map.Entry<String, String> e : values.entrySet()) {
                writeString(out, e.getKey());
                writeString(out, e.getValue());
            }
            out.writeInt(tensors.size());
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                writeString(out, e.getKey());
                Tensor t = e.getValue();
                out.writeInt(t.rank());
                for (int d : t.shape()) out.writeInt(d);
                ByteBuffer buf = ByteBuffer.allocate(4 * t.size());
                buf.asFloatBuffer().put(t.data());
                out.write(buf.array());
            }
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** Writes atomically (temporary file, fsync, rename); see the class comment. */
    public void write(Path file) throws IOException {
        write(file, AtomicFile.standard());
    }

    /** Same, through {@code files} (whose hooks let tests fail or "crash" any step of the write). */
    public void write(Path file, AtomicFile files) throws IOException {
        files.write(file, toBytes());
    }

    /** Reads and verifies a checkpoint file; throws {@link CheckpointException} naming the problem. */
    public static Checkpoint read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) throw new CheckpointException(file + " is " + size + " bytes, more than any checkpoint may be");
        return fromBytes(Files.readAllBytes(file), file.toString());
    }

    /** Parses checkpoint bytes; {@code origin} names them in error messages. */
    public static Checkpoint fromBytes(byte[] bytes, String origin) {
        if (bytes.length < MAGIC.length + 16 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new CheckpointException(origin + " is not a LocalExpert training checkpoint");
        }
        int bodyLength = bytes.length - 8;
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bodyLength);
        long stored = ByteBuffer.wrap(bytes, bodyLength, 8).getLong();
        if (stored != crc.getValue()) {
            throw new CheckpointException(origin + " is damaged or was only partly written (checksum mismatch); "
                    + "delete it to start the training afresh");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, MAGIC.length, bodyLength - MAGIC.length);
        Checkpoint c = new Checkpoint();
        try {
            int valueCount = count(in, 8, origin);
            for (int i = 0; i < valueCount; i++) c.values.put(readString(in, origin), readString(in, origin));
            int tensorCount = count(in, 8, origin);
            for (int i = 0; i < tensorCount; i++) {
                String name = readString(in, origin);
                int rank = in.getInt();
                if (rank < 0 || rank > 8) throw new CheckpointException(origin + ": tensor " + name + " has rank " + rank);
                int[] shape = new int[rank];
                long elements = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.getInt();
                    if (shape[d] < 0) throw new CheckpointException(origin + ": tensor " + name + " has a negative dimension");
                    elements *= shape[d];
                    if (elements * 4 > in.remaining()) {
                        throw new CheckpointException(origin + ": tensor " + name + " is larger than the file");
                    }
                }
                float[] data = new float[(int) elements];
                in.asFloatBuffer().get(data);
                skip(in, 4 * data.length);
                c.tensors.put(name, Tensor.of(data, shape));
            }
        } catch (BufferUnderflowException e) {
            throw new CheckpointException(origin + " ends in the middle of an entry", e);
        }
        if (in.hasRemaining()) throw new CheckpointException(origin + " has " + in.remaining() + " unexpected bytes at the end");
        return c;
    }

    private static int count(ByteBuffer in, int minBytesEach, String origin) {
        int n = in.getInt();
        if (n < 0 || (long) n * minBytesEach > in.remaining()) {
            throw new CheckpointException(origin + ": entry count " + n + " does not fit the file");
        }
        return n;
    }

    /** Through {@link Buffer}: JDK 9+ ByteBuffer.position(int) returns ByteBuffer, a method Android 26 lacks. */
    private static void skip(ByteBuffer in, int bytes) {
        ((Buffer) in).position(in.position() + bytes);
    }

    private static String readString(ByteBuffer in, String origin) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) throw new CheckpointException(origin + ": text of length " + length + " does not fit the file");
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        skip(in, length);
        return s;
    }
}

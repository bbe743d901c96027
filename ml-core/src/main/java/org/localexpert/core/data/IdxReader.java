package org.localexpert.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads idx files (the MNIST/QMNIST container: two zero bytes, a type byte, a dimension count,
 * big-endian int32 dimensions, then the values big-endian), gzipped or not — gzip is detected
 * from the file's first two bytes, not its name. Unsigned-byte (0x08) and int32 (0x0C) are the
 * types MNIST and QMNIST use; other types are refused by name.
 *
 * <p>Bounds-checked: dimensions must be positive and their product fit in one array, and a file
 * that ends early or goes on after its last value is rejected, naming the file.
 */
public final class IdxReader {
    public static final int UNSIGNED_BYTE = 0x08;
    public static final int INT32 = 0x0C;

    private IdxReader() {
    }

    /** The contents of one idx file: its dimensions and its values, as bytes or ints by type. */
    public static final class IdxArray {
        private final int type;
        private final int[] dims;
        private final byte[] bytes;
        private final int[] ints;

        IdxArray(int type, int[] dims, byte[] bytes, int[] ints) {
            this.type = type;
            this.dims = dims;
            this.bytes = bytes;
            this.ints = ints;
        }

        /** {@link #UNSIGNED_BYTE} or {@link #INT32}. */
        public int type() {
            return type;
        }

        public int[] dims() {
            return dims.clone();
        }

        public int dim(int axis) {
            return dims[axis];
        }

        public int rank() {
            return dims.length;
        }

        /** Number of values (product of the dimensions). */
        public int size() {
            return type == UNSIGNED_BYTE ? bytes.length : ints.length;
        }

        /** Value {@code i} in row-major order, as an int (unsigned bytes give 0..255). */
        public int get(int i) {
            return type == UNSIGNED_BYTE ? bytes[i] & 0xFF : ints[i];
        }

        /** The raw unsigned bytes (type 0x08 only), not copied. */
        public byte[] bytes() {
            if (type != UNSIGNED_BYTE) throw new IllegalStateException("idx type is int32, not unsigned byte");
            return bytes;
        }
    }

    public static IdxArray read(File file) {
        if (!file.isFile()) throw new DataException("idx file not found: " + file.getPath());
        try (InputStream raw = new BufferedInputStream(new FileInputStream(file), 1 << 16)) {
            return read(maybeGunzip(raw), file.getPath());
        } catch (EOFException e) {
            throw new DataException("idx file is truncated: " + file.getPath(), e);
        } catch (IOException e) {
            throw new DataException("cannot read idx file " + file.getPath() + ": " + e.getMessage(), e);
        }
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return gzip ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    static IdxArray read(InputStream in, String name) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int zero0 = data.readUnsignedByte();
        int zero1 = data.readUnsignedByte();
        int type = data.readUnsignedByte();
        int rank = data.readUnsignedByte();
        if (zero0 != 0 || zero1 != 0) throw new DataException("not an idx file (bad magic number): " + name);
        if (type != UNSIGNED_BYTE && type != INT32) {
            throw new DataException("idx file " + name + " has value type 0x" + Integer.toHexString(type)
                    + "; only unsigned byte (0x08) and int32 (0x0C) are supported");
        }
        if (rank == 0) throw new DataException("idx file " + name + " has no dimensions");
        int[] dims = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = data.readInt();
            if (dims[i] <= 0) throw new DataException("idx file " + name + " has a non-positive dimension: " + Arrays.toString(dims));
            size *= dims[i];
            if (size > Integer.MAX_VALUE - 8) throw new DataException("idx file " + name + " is too large: dimensions " + Arrays.toString(dims));
        }
        byte[] bytes = null;
        int[] ints = null;
        if (type == UNSIGNED_BYTE) {
            bytes = new byte[(int) size];
            data.readFully(bytes);
        } else {
            ints = new int[(int) size];
            for (int i = 0; i < ints.length; i++) ints[i] = data.readInt();
        }
        if (data.read() != -1) throw new DataException("idx file " + name + " has bytes after its last value (dimensions " + Arrays.toString(dims) + ")");
        return new IdxArray(type, dims, bytes, ints);
    }
}

package org.localexpert.core.tflite;

import java.nio.ByteBuffer;

/**
 * Bounds checks for a flatbuffer before the generated accessors touch it. The flatbuffers Java
 * runtime trusts every offset it reads, so a damaged file would otherwise end in an
 * IndexOutOfBoundsException deep inside generated code, or in a huge allocation from a bogus
 * vector length. Each check here names the place it failed ({@code where}), so the reader can say
 * "subgraph 0 tensor 7: shape vector runs past the end of the file" instead.
 *
 * <p>The rules are those of the flatbuffers binary format: a table starts with a signed offset to
 * its vtable; the vtable lists the table's size and one 16-bit field offset per slot; reference
 * fields hold unsigned offsets, relative to themselves, to tables, vectors or strings; a vector is a
 * 32-bit length followed by its elements; a string is a byte vector with a trailing NUL. Everything
 * is little-endian. The limits are stricter than the format (vtables and tables under 32 KiB),
 * matching how the Java accessors read 16-bit offsets as signed.
 */
final class FlatBufferChecker {
    private final ByteBuffer bb;
    private final int length;
    private int tablesVisited;

    FlatBufferChecker(ByteBuffer littleEndian) {
        this.bb = littleEndian;
        this.length = littleEndian.limit();
    }

    /** A verified table: where it is and how to find its fields. */
    final class Table {
        final int pos;
        final int size;
        private final int vtable;
        private final int vtableSize;
        final String where;

        private Table(int pos, String where) throws TfliteFormatException {
            this.where = where;
            if (++tablesVisited > TfliteLimits.MAX_TABLES) {
                throw new TfliteFormatException("more than " + TfliteLimits.MAX_TABLES + " tables in the file");
            }
            if (pos < 0 || (long) pos + 4 > length) fail(where, "table starts outside the file");
            if ((pos & 3) != 0) fail(where, "table is not 4-byte aligned");
            long vt = (long) pos - bb.getInt(pos);
            if (vt < 0 || vt + 4 > length) fail(where, "vtable offset points outside the file");
            this.pos = pos;
            this.vtable = (int) vt;
            this.vtableSize = Short.toUnsignedInt(bb.getShort(vtable));
            this.size = Short.toUnsignedInt(bb.getShort(vtable + 2));
            if (vtableSize < 4 || (vtableSize & 1) != 0 || vtableSize >= 0x8000) fail(where, "bad vtable size " + vtableSize);
            if ((long) vtable + vtableSize > length) fail(where, "vtable runs past the end of the file");
            if (size < 4 || size >= 0x8000) fail(where, "bad table size " + size);
            if ((long) pos + size > length) fail(where, "table runs past the end of the file");
            for (int slot = 0; slot < (vtableSize - 4) / 2; slot++) {
                int off = fieldOffset(slot);
                if (off != 0 && (off < 4 || off >= size)) {
                    fail(where, "field " + slot + " lies outside its table");
                }
            }
        }

        /** The field's offset inside the table, 0 when the field is absent. */
        private int fieldOffset(int slot) {
            int entry = 4 + 2 * slot;
            return entry < vtableSize ? Short.toUnsignedInt(bb.getShort(vtable + entry)) : 0;
        }

        boolean has(int slot) {
            return fieldOffset(slot) != 0;
        }

        /** An unsigned byte field (0 when absent); the field was checked to lie inside the table. */
        int byteAt(int slot) {
            int off = fieldOffset(slot);
            return off == 0 ? 0 : Byte.toUnsignedInt(bb.get(pos + off));
        }

        /** A scalar field of {@code bytes} bytes must lie inside the table. */
        void scalar(int slot, int bytes, String field) throws TfliteFormatException {
            int off = fieldOffset(slot);
            if (off != 0 && off + bytes > size) fail(where, field + " lies outside its table");
        }

        /** Follows a reference field; -1 when absent. */
        private int target(int slot, String field) throws TfliteFormatException {
            int off = fieldOffset(slot);
            if (off == 0) return -1;
            if (off + 4 > size) fail(where, field + " reference lies outside its table");
            int at = pos + off;
            long target = at + Integer.toUnsignedLong(bb.getInt(at));
            if (target >= length) fail(where, field + " offset points outside the file");
            return (int) target;
        }

        /** A vector of scalars: returns its length (0 when absent) after checking it fits. */
        int vector(int slot, int elementBytes, int maxCount, String field) throws TfliteFormatException {
            int v = target(slot, field);
            return v < 0 ? 0 : checkVector(v, elementBytes, maxCount, where + " " + field);
        }

        /** A string: checks its bytes and trailing NUL fit. */
        void string(int slot, String field) throws TfliteFormatException {
            int v = target(slot, field);
            if (v < 0) return;
            int n = checkVector(v, 1, Integer.MAX_VALUE, where + " " + field);
            if ((long) v + 4 + n + 1 > length || bb.get(v + 4 + n) != 0) {
                fail(where, field + " string is not terminated");
            }
        }

        /** A sub-table, or null when absent. */
        Table table(int slot, String field) throws TfliteFormatException {
            int t = target(slot, field);
            return t < 0 ? null : new Table(t, where + " " + field);
        }

        /** A vector of tables; {@code element} names each one, e.g. "tensor". */
        Table[] tables(int slot, int maxCount, String element) throws TfliteFormatException {
            int v = target(slot, element + "s");
            if (v < 0) return new Table[0];
            int n = checkVector(v, 4, maxCount, where + " " + element + "s");
            Table[] out = new Table[n];
            for (int i = 0; i < n; i++) {
                int at = v + 4 + 4 * i;
                long t = at + Integer.toUnsignedLong(bb.getInt(at));
                String name = (where.isEmpty() ? "" : where + " ") + element + " " + i;
                if (t >= length) fail(name, "points outside the file");
                out[i] = new Table((int) t, name);
            }
            return out;
        }
    }

    /** The root table, found through the offset in the first 4 bytes. */
    Table root(String where) throws TfliteFormatException {
        if (length < 8) fail(where, "file is too short (" + length + " bytes)");
        long t = Integer.toUnsignedLong(bb.getInt(0));
        if (t >= length) fail(where, "root table offset points outside the file");
        return new Table((int) t, where);
    }

    private int checkVector(int v, int elementBytes, int maxCount, String where) throws TfliteFormatException {
        if ((long) v + 4 > length) fail(where, "vector starts outside the file");
        if ((v & 3) != 0) fail(where, "vector is not 4-byte aligned");
        long n = Integer.toUnsignedLong(bb.getInt(v));
        if (n > maxCount) fail(where, "has " + n + " elements, more than the limit of " + maxCount);
        if (v + 4 + n * elementBytes > length) fail(where, "runs past the end of the file");
        return (int) n;
    }

    private static void fail(String where, String what) throws TfliteFormatException {
        throw new TfliteFormatException((where.isEmpty() ? "" : where + ": ") + what);
    }
}

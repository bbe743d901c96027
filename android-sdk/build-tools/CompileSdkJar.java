/*
 * Copyright 2026 The LocalExpert Authors. Licensed under the Apache License, Version 2.0.
 */

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Writes the app's compile SDK, an {@code android.jar} for API 36, from Robolectric's {@code android-all} jar of
 * Android 16 (the only API 36 framework on Maven Central), in the form JDK 17's javac and Debian 12's aapt2 read:
 *
 * <ul>
 *   <li><b>Class files labelled Java 17.</b> android-all 16 is compiled for Java 21 (class file version 65), and
 *       JDK 17's javac refuses it ("class file has wrong version 65.0, should be 61.0"). javac reads only the
 *       declarations of a class on the class path (names, signatures, constants, annotations), and versions 61
 *       and 65 lay them out identically: Java 18 to 21 added no class-file attribute or constant-pool kind. So
 *       the version field is all that changes. Method bodies are never run from this jar: javac does not load
 *       them, R8 only reads the declarations of a library, and a phone runs its own framework.</li>
 *   <li><b>resources.arsc in the pre-Android-15 encoding.</b> Android 15's table writer stores most entries in a
 *       "compact" 8-byte form and the offsets of dense types in 16 bits; the aapt2 of Debian 12 (Android 10)
 *       reads neither and finds no framework resource ("error: resource android:color/black not found").
 *       Every type chunk is rewritten with 32-bit offsets and each compact entry as the full entry plus value it
 *       stands for. Entry indices, hence resource ids, keys, flags and values, stay the same; the program checks
 *       that by decoding the table it wrote and comparing every entry with the original.</li>
 * </ul>
 *
 * The framework's AndroidManifest.xml is kept as it is: aapt2 copies its platform version into the app's manifest
 * ({@code compileSdkVersion="36"}). Other files of android-all (framework resources, fonts, ICU data) are not needed
 * to compile and are left out.
 * Run by android-sdk/pom.xml; does nothing when the output is newer than its input and this program.
 *
 * <pre>  java android-sdk/build-tools/CompileSdkJar.java ANDROID_ALL_JAR OUTPUT_JAR</pre>
 */
public final class CompileSdkJar {
    /** Class file major version of Java 17, the newest JDK 17's javac reads. */
    static final int JAVA_17 = 61;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java CompileSdkJar.java ANDROID_ALL_JAR OUTPUT_JAR");
            System.exit(2);
        }
        Path in = Paths.get(args[0]);
        Path out = Paths.get(args[1]);
        Path self = Paths.get(CompileSdkJar.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        if (Files.exists(out) && newer(out, in) && (!Files.exists(self) || newer(out, self))) {
            log("%s is up to date", out.getFileName());
            return;
        }
        long start = System.nanoTime();
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        int classes = 0, relabelled = 0, skipped = 0;
        ResourceTable.Report table = null;
        try (ZipFile zip = new ZipFile(in.toFile());
             ZipOutputStream jar = new ZipOutputStream(Files.newOutputStream(partial))) {
            jar.setLevel(Deflater.BEST_SPEED);
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                String name = entry.getName();
                byte[] bytes;
                if (name.endsWith(".class")) {
                    bytes = readAll(zip, entry);
                    if (labelJava17(bytes, name)) relabelled++;
                    classes++;
                } else if (name.equals("resources.arsc")) {
                    ResourceTable converted = ResourceTable.toPreAndroid15Encoding(readAll(zip, entry));
                    bytes = converted.bytes;
                    table = converted.report;
                } else if (name.equals("AndroidManifest.xml")) {
                    bytes = readAll(zip, entry); // aapt2 copies its version into the app's compileSdkVersion
                } else {
                    if (!entry.isDirectory()) skipped++;
                    continue;
                }
                ZipEntry copy = new ZipEntry(name);
                if (name.equals("resources.arsc")) stored(copy, bytes); // aapt2 maps it; compressed, it warns and copies
                jar.putNextEntry(copy);
                jar.write(bytes);
                jar.closeEntry();
            }
        }
        if (table == null) fail(in + " has no resources.arsc");
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
        log("%s from %s in %.1f s: %,d class files (%,d relabelled Java 21 -> 17), resources.arsc re-encoded "
                        + "(%,d compact entries expanded, %,d 16-bit and %,d sparse offset tables widened, %,d entries "
                        + "checked equal), %,d other files left out",
                out.getFileName(), in.getFileName(), (System.nanoTime() - start) / 1e9, classes, relabelled,
                table.compactEntries, table.offset16Types, table.sparseTypes, table.entries, skipped);
    }

    /** Sets a class file's major version to Java 17 if it is newer; true if it changed. */
    static boolean labelJava17(byte[] classFile, String name) {
        ByteBuffer b = ByteBuffer.wrap(classFile); // class files are big-endian
        if (classFile.length < 8 || b.getInt(0) != 0xCAFEBABE) fail(name + " is not a class file");
        int minor = b.getShort(4) & 0xFFFF, major = b.getShort(6) & 0xFFFF;
        if (minor != 0) fail(name + " uses preview features (minor version " + minor + ")");
        if (major <= JAVA_17) return false;
        b.putShort(6, (short) JAVA_17);
        return true;
    }

    /**
     * A framework resource table ({@code resources.arsc}) re-encoded without the Android 15 forms. Layout, from
     * the platform's ResourceTypes.h: every chunk starts with {type u16, headerSize u16, size u32}, little-endian;
     * the table holds a string pool and packages, a package holds string pools, type specs, types and a few other
     * chunks (copied as they are); a type chunk is {header, id u8, flags u8, reserved u16, entryCount u32,
     * entriesStart u32, config}, then an offset per entry, then the entries.
     */
    static final class ResourceTable {
        static final int TABLE = 0x0002, PACKAGE = 0x0200, TYPE = 0x0201;
        /** Type chunk flags: entries indexed by {index u16, offset/4 u16} pairs; offsets stored as offset/4 in u16. */
        static final int FLAG_SPARSE = 0x01, FLAG_OFFSET16 = 0x02;
        /** Entry flags: a map (style, array...) rather than one value; an 8-byte entry holding its value. */
        static final int FLAG_COMPLEX = 0x0001, FLAG_COMPACT = 0x0008;
        static final int NO_ENTRY = 0xFFFFFFFF;

        static final class Report {
            int entries, compactEntries, offset16Types, sparseTypes;
        }

        final byte[] bytes;
        final Report report;

        private ResourceTable(byte[] bytes, Report report) {
            this.bytes = bytes;
            this.report = report;
        }

        static ResourceTable toPreAndroid15Encoding(byte[] arsc) {
            Report report = new Report();
            List<List<Entry>> before = new ArrayList<>();
            byte[] converted = rewriteTypes(arsc, (type, entries) -> {
                before.add(entries);
                int flags = type.get(9) & 0xFF;
                if ((flags & FLAG_OFFSET16) != 0) report.offset16Types++;
                if ((flags & FLAG_SPARSE) != 0) report.sparseTypes++;
                for (Entry e : entries) if (e.compact) report.compactEntries++;
                return encodeDense(type, entries);
            });
            // What aapt2 will see must be what Android 16 declares: decode the written table and compare.
            List<List<Entry>> after = new ArrayList<>();
            rewriteTypes(converted, (type, entries) -> {
                if ((type.get(9) & 0xFF) != 0) fail("type chunk " + after.size() + " still has flags " + type.get(9));
                after.add(entries);
                return null;
            });
            if (before.size() != after.size()) fail("type chunks: " + before.size() + " read, " + after.size() + " written");
            for (int t = 0; t < before.size(); t++) {
                if (!before.get(t).equals(after.get(t))) fail("type chunk " + t + " differs after re-encoding");
                report.entries += before.get(t).size();
            }
            return new ResourceTable(converted, report);
        }

        /** One entry of a type chunk in the full (pre-Android-15) form: its index and bytes (entry + value or map). */
        static final class Entry {
            final int index;
            final byte[] full;
            final boolean compact;

            Entry(int index, byte[] full, boolean compact) {
                this.index = index;
                this.full = full;
                this.compact = compact;
            }

            @Override public boolean equals(Object o) {
                return o instanceof Entry && ((Entry) o).index == index && java.util.Arrays.equals(((Entry) o).full, full);
            }

            @Override public int hashCode() {
                return 31 * index + java.util.Arrays.hashCode(full);
            }
        }

        interface TypeRewriter {
            /** The new type chunk for one read (null: keep the old bytes). */
            byte[] rewrite(ByteBuffer typeChunk, List<Entry> entries);
        }

        /** Walks table -> packages -> type chunks, handing each type's entries to {@code rewriter}; returns the new table. */
        static byte[] rewriteTypes(byte[] arsc, TypeRewriter rewriter) {
            ByteBuffer table = le(arsc, 0, arsc.length);
            if ((table.getShort(0) & 0xFFFF) != TABLE) fail("resources.arsc does not start with a table chunk");
            int tableHeader = table.getShort(2) & 0xFFFF;
            Sink out = new Sink();
            out.put(arsc, 0, tableHeader);
            for (int p = tableHeader; p < arsc.length; p += chunkSize(arsc, p)) {
                if (type(arsc, p) != PACKAGE) {
                    out.put(arsc, p, chunkSize(arsc, p));
                    continue;
                }
                int packageStart = out.size();
                int packageHeader = le(arsc, p, 4).getShort(2) & 0xFFFF;
                out.put(arsc, p, packageHeader);
                int packageEnd = p + chunkSize(arsc, p);
                for (int c = p + packageHeader; c < packageEnd; c += chunkSize(arsc, c)) {
                    byte[] rewritten = type(arsc, c) == TYPE
                            ? rewriter.rewrite(le(arsc, c, chunkSize(arsc, c)), readEntries(le(arsc, c, chunkSize(arsc, c))))
                            : null;
                    if (rewritten == null) out.put(arsc, c, chunkSize(arsc, c));
                    else out.put(rewritten, 0, rewritten.length);
                }
                out.putIntAt(packageStart + 4, out.size() - packageStart);
            }
            out.putIntAt(4, out.size());
            return out.toByteArray();
        }

        static List<Entry> readEntries(ByteBuffer type) {
            int header = type.getShort(2) & 0xFFFF;
            int flags = type.get(9) & 0xFF;
            int count = type.getInt(12);
            int entriesStart = type.getInt(16);
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index, offset;
                if ((flags & FLAG_SPARSE) != 0) {
                    index = type.getShort(header + 4 * i) & 0xFFFF;
                    offset = (type.getShort(header + 4 * i + 2) & 0xFFFF) * 4;
                } else if ((flags & FLAG_OFFSET16) != 0) {
                    index = i;
                    int o = type.getShort(header + 2 * i) & 0xFFFF;
                    if (o == 0xFFFF) continue;
                    offset = o * 4;
                } else {
                    index = i;
                    offset = type.getInt(header + 4 * i);
                    if (offset == NO_ENTRY) continue;
                }
                entries.add(readEntry(type, entriesStart + offset, index));
            }
            return entries;
        }

        /**
         * An entry as {size u16, flags u16, key u32} followed by its value {size u16 = 8, res0 u8, dataType u8,
         * data u32}, or by {parent u32, count u32} and count maps of 12 bytes when complex; a compact entry is
         * {key u16, flags u16 whose high byte is the value's dataType, data u32}.
         */
        static Entry readEntry(ByteBuffer type, int at, int index) {
            int flags = type.getShort(at + 2) & 0xFFFF;
            if ((flags & FLAG_COMPACT) != 0) {
                ByteBuffer full = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                full.putShort((short) 8).putShort((short) (flags & 0xFF & ~FLAG_COMPACT)).putInt(type.getShort(at) & 0xFFFF);
                full.putShort((short) 8).put((byte) 0).put((byte) (flags >>> 8)).putInt(type.getInt(at + 4));
                return new Entry(index, full.array(), true);
            }
            int size = type.getShort(at) & 0xFFFF;
            int length = (flags & FLAG_COMPLEX) != 0
                    ? size + 12 * type.getInt(at + 12)
                    : size + (type.getShort(at + size) & 0xFFFF);
            byte[] full = new byte[length];
            type.get(at, full, 0, length);
            return new Entry(index, full, false);
        }

        /** A type chunk with the same header and config, flags 0 and one 32-bit offset per index up to the last entry. */
        static byte[] encodeDense(ByteBuffer type, List<Entry> entries) {
            int header = type.getShort(2) & 0xFFFF;
            int count = 0;
            for (Entry e : entries) count = Math.max(count, e.index + 1);
            int body = 0;
            for (Entry e : entries) body += e.full.length;
            ByteBuffer out = ByteBuffer.allocate(header + 4 * count + body).order(ByteOrder.LITTLE_ENDIAN);
            byte[] headerBytes = new byte[header];
            type.get(0, headerBytes, 0, header);
            out.put(headerBytes);
            out.putInt(4, out.capacity()).put(9, (byte) 0).putInt(12, count).putInt(16, header + 4 * count);
            int[] offsets = new int[count];
            java.util.Arrays.fill(offsets, NO_ENTRY);
            int offset = 0;
            for (Entry e : entries) {
                offsets[e.index] = offset;
                offset += e.full.length;
            }
            for (int o : offsets) out.putInt(o);
            for (Entry e : entries) out.put(e.full);
            return out.array();
        }

        static int type(byte[] arsc, int at) {
            return le(arsc, at, 2).getShort(0) & 0xFFFF;
        }

        static int chunkSize(byte[] arsc, int at) {
            int size = le(arsc, at, 8).getInt(4);
            if (size < 8 || at + size > arsc.length) fail("broken chunk at offset " + at);
            return size;
        }

        /** A little-endian view of {@code length} bytes from {@code at}, indexed from 0. */
        static ByteBuffer le(byte[] bytes, int at, int length) {
            return ByteBuffer.wrap(bytes, at, length).slice().order(ByteOrder.LITTLE_ENDIAN);
        }

        /** A growing byte array whose earlier ints can be patched (chunk sizes are known only at the end). */
        static final class Sink extends java.io.ByteArrayOutputStream {
            void put(byte[] b, int from, int length) {
                write(b, from, length);
            }

            void putIntAt(int at, int value) {
                ByteBuffer.wrap(buf, at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(value);
            }
        }
    }

    static void stored(ZipEntry entry, byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        entry.setCrc(crc.getValue());
    }

    static byte[] readAll(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    static boolean newer(Path a, Path b) throws IOException {
        return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b)) > 0;
    }

    static void log(String format, Object... args) {
        System.out.println("[android-sdk] " + String.format(Locale.ROOT, format, args));
    }

    static void fail(String message) {
        System.err.println("[android-sdk] ERROR: " + message);
        System.exit(1);
    }
}

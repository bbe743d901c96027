/*
 * Copyright 2026 The LocalExpert Authors. Licensed under the Apache License, Version 2.0.
 */

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a built APK the way a phone with 16 KB pages and the issue's size budget do, reading the zip's own
 * structures (java.util.zip does not tell where an entry's data starts). Run by `mvn verify` (app/pom.xml,
 * execution apk-check) and by hand:
 *
 * <pre>  java app/build-tools/ApkCheck.java APK MAX_BYTES ABI[,ABI...]</pre>
 *
 * Fails (exit 1, every problem listed) unless: each lib/ABI/*.so is stored uncompressed with its data at a
 * multiple of 16384 (what `zipalign -P 16` gives; Android maps it straight from the APK, and a 16 KB-page kernel
 * can only map page-aligned file offsets); every other stored entry starts at a multiple of 4 (resources.arsc is
 * mapped too); the lib/ folders are exactly the ABIs asked for; the file is at most MAX_BYTES. JDK only, so it
 * needs no Android tool.
 */
public final class ApkCheck {
    static final int PAGE = 16384;

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java ApkCheck.java APK MAX_BYTES ABI[,ABI...]");
            System.exit(2);
        }
        Path apk = Paths.get(args[0]);
        long max = Long.parseLong(args[1]);
        Set<String> abis = new TreeSet<>(Arrays.asList(args[2].split(",")));
        List<String> problems = check(apk, max, abis);
        if (!problems.isEmpty()) {
            System.err.println("[apk-check] FAILED for " + apk + ":");
            for (String p : problems) System.err.println("[apk-check]   " + p);
            System.exit(1);
        }
        System.out.println("[apk-check] OK: " + apk);
    }

    /** One central-directory entry: name, method (0 stored, 8 deflated), sizes and where its data starts. */
    record Entry(String name, int method, long compressedSize, long size, long dataOffset) {}

    static List<String> check(Path apk, long max, Set<String> abis) throws IOException {
        List<String> problems = new ArrayList<>();
        List<Entry> entries = entries(apk);
        long total = Files.size(apk);
        Set<String> foundAbis = new TreeSet<>();
        long natives = 0;
        for (Entry e : entries) {
            if (e.name.startsWith("lib/")) {
                String[] parts = e.name.split("/");
                if (parts.length >= 3) foundAbis.add(parts[1]);
            }
            if (e.name.startsWith("lib/") && e.name.endsWith(".so")) {
                natives += e.compressedSize;
                boolean stored = e.method == 0;
                boolean aligned = e.dataOffset % PAGE == 0;
                System.out.printf(Locale.ROOT, "[apk-check] %-45s %s, %,d B at offset %,d = %s%n", e.name,
                        stored ? "stored" : "COMPRESSED", e.compressedSize, e.dataOffset,
                        aligned ? "16 KB x " + e.dataOffset / PAGE : "NOT 16 KB-aligned (offset mod 16384 = " + e.dataOffset % PAGE + ")");
                if (!stored) problems.add(e.name + " is compressed: Android would have to extract it, and cannot map it from the APK");
                if (!aligned) problems.add(e.name + " data starts at " + e.dataOffset + ", not a multiple of " + PAGE);
            } else if (e.method == 0 && e.size > 0 && e.dataOffset % 4 != 0) {
                problems.add(e.name + " is stored at offset " + e.dataOffset + ", not 4-byte aligned");
            }
        }
        if (!foundAbis.equals(abis)) problems.add("native code for ABIs " + foundAbis + ", expected exactly " + abis);
        System.out.printf(Locale.ROOT, "[apk-check] %,d bytes (budget %,d), %d entries, natives %,d B for %s%n",
                total, max, entries.size(), natives, foundAbis);
        if (total > max) problems.add("the APK is " + total + " bytes, over the budget of " + max);
        return problems;
    }

    /** Reads the end-of-central-directory record, then each central and local header (no zip64: APKs here are small). */
    static List<Entry> entries(Path apk) throws IOException {
        byte[] bytes = Files.readAllBytes(apk);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = -1;
        for (int i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
            if (b.getInt(i) == 0x06054b50) { eocd = i; break; }
        }
        if (eocd < 0) throw new IOException(apk + ": no end of central directory (not a zip)");
        int count = Short.toUnsignedInt(b.getShort(eocd + 10));
        int cd = b.getInt(eocd + 16);
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int k = 0, p = cd; k < count; k++) {
            if (b.getInt(p) != 0x02014b50) throw new IOException(apk + ": bad central directory entry " + k);
            int method = Short.toUnsignedInt(b.getShort(p + 10));
            long csize = Integer.toUnsignedLong(b.getInt(p + 20));
            long size = Integer.toUnsignedLong(b.getInt(p + 24));
            int nameLen = Short.toUnsignedInt(b.getShort(p + 28));
            int extraLen = Short.toUnsignedInt(b.getShort(p + 30));
            int commentLen = Short.toUnsignedInt(b.getShort(p + 32));
            int local = b.getInt(p + 42);
            String name = new String(bytes, p + 46, nameLen, java.nio.charset.StandardCharsets.UTF_8);
            if (b.getInt(local) != 0x04034b50) throw new IOException(apk + ": bad local header for " + name);
            long data = local + 30L + Short.toUnsignedInt(b.getShort(local + 26)) + Short.toUnsignedInt(b.getShort(local + 28));
            if (!names.add(name)) throw new IOException(apk + ": two entries named " + name);
            entries.add(new Entry(name, method, csize, size, data));
            p += 46 + nameLen + extraLen + commentLen;
        }
        return entries;
    }
}

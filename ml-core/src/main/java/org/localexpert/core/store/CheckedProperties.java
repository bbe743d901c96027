package org.localexpert.core.store;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Small key=value files (Java properties syntax, so any value survives escaping) whose last line is a
 * CRC-32 of the lines before it. They are written with {@link AtomicFile}, so a torn write cannot
 * happen; the checksum catches the rest (a flipped bit on the medium, a hand edit).
 */
final class CheckedProperties {
    private static final String CHECKSUM = "checksum=crc32:";
    /** These files hold a few hundred entries at most. */
    private static final long MAX_BYTES = 1 << 20;

    private CheckedProperties() {}

    static byte[] toBytes(Map<String, String> entries) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(entries).entrySet()) {
            Properties one = new Properties();
            one.setProperty(e.getKey(), e.getValue());
            StringWriter line = new StringWriter();
            try {
                one.store(line, null);
            } catch (IOException impossible) {
                throw new IllegalStateException(impossible);
            }
            for (String l : line.toString().split("\n")) {
                if (!l.startsWith("#") && !l.trim().isEmpty()) body.append(l.trim()).append('\n');
            }
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (body + CHECKSUM + Long.toHexString(crc.getValue()) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Throws {@link IOException} with a specific message when the file is too large, unterminated or fails its checksum. */
    static Map<String, String> read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) throw new IOException(file + " is " + size + " bytes, too large for a store record");
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        int at = text.lastIndexOf(CHECKSUM);
        if (at < 0 || (at > 0 && text.charAt(at - 1) != '\n') || !text.endsWith("\n")) {
            throw new IOException(file + " has no checksum line (damaged)");
        }
        String body = text.substring(0, at);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.ISO_8859_1));
        String stored = text.substring(at + CHECKSUM.length()).trim();
        if (!stored.equals(Long.toHexString(crc.getValue()))) throw new IOException(file + " fails its checksum (damaged)");
        Properties p = new Properties();
        p.load(new StringReader(body));
        Map<String, String> out = new TreeMap<>();
        for (String k : p.stringPropertyNames()) out.put(k, p.getProperty(k));
        return out;
    }
}

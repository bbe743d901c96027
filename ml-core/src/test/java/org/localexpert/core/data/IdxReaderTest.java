package org.localexpert.core.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class IdxReaderTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    static byte[] idxBytes(int type, int[] dims, int[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {0, 0, (byte) type, (byte) dims.length});
        for (int d : dims) out.writeInt(d);
        for (int v : values) {
            if (type == IdxReader.UNSIGNED_BYTE) out.writeByte(v);
            else out.writeInt(v);
        }
        out.flush();
        return bytes.toByteArray();
    }

    static File write(File file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(new FileOutputStream(file)) : new FileOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    @Test
    public void readsUnsignedBytesPlainAndGzipped() throws IOException {
        byte[] content = idxBytes(IdxReader.UNSIGNED_BYTE, new int[] {2, 3}, new int[] {0, 1, 127, 128, 200, 255});
        for (boolean gzip : new boolean[] {false, true}) {
            // the name says nothing: gzip is detected from the content
            IdxReader.IdxArray a = IdxReader.read(write(tmp.newFile(), content, gzip));
            assertArrayEquals(new int[] {2, 3}, a.dims());
            assertEquals(6, a.size());
            assertEquals(255, a.get(5));
            assertEquals(128, a.get(3));
        }
    }

    @Test
    public void readsInt32() throws IOException {
        byte[] content = idxBytes(IdxReader.INT32, new int[] {2, 2}, new int[] {-1, 70000, 3, 4});
        IdxReader.IdxArray a = IdxReader.read(write(tmp.newFile(), content, true));
        assertEquals(IdxReader.INT32, a.type());
        assertEquals(-1, a.get(0));
        assertEquals(70000, a.get(1));
    }

    @Test
    public void rejectsTruncatedBadMagicExtraBytesAndUnknownTypes() throws IOException {
        byte[] good = idxBytes(IdxReader.UNSIGNED_BYTE, new int[] {4}, new int[] {1, 2, 3, 4});
        expectError(write(tmp.newFile(), Arrays.copyOf(good, good.length - 1), false), "truncated");
        expectError(write(tmp.newFile(), Arrays.copyOf(good, 3), true), "truncated");
        expectError(write(tmp.newFile(), new byte[0], false), "truncated");
        byte[] badMagic = good.clone();
        badMagic[0] = 7;
        expectError(write(tmp.newFile(), badMagic, false), "magic");
        expectError(write(tmp.newFile(), Arrays.copyOf(good, good.length + 1), false), "after its last value");
        expectError(write(tmp.newFile(), idxBytes(0x0D, new int[] {1}, new int[] {0}), false), "0xd");
        expectError(write(tmp.newFile(), idxBytes(IdxReader.INT32, new int[] {-3}, new int[0]), false), "non-positive");
        expectError(write(tmp.newFile(), idxBytes(IdxReader.INT32, new int[] {65536, 65536}, new int[0]), false), "too large");
        expectError(new File(tmp.getRoot(), "absent"), "not found");
    }

    private static void expectError(File file, String fragment) {
        try {
            IdxReader.read(file);
            fail("expected an error containing '" + fragment + "'");
        } catch (DataException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(fragment));
            assertTrue("names the file: " + e.getMessage(), e.getMessage().contains(file.getPath()));
        }
    }
}

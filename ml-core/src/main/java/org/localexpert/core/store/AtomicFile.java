package org.localexpert.core.store;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes a file so that a crash, a kill or a full disk at any moment leaves either the old content
 * or the new one under the target name — never a half-written file.
 *
 * <p>How: the bytes go to a temporary file in the target's own directory (a rename is only atomic
 * within one file system), named {@code .<target>.<random>.lxtmp}; it is flushed and
 * {@code FileChannel.force(true)}-ed so its content is on the disk before its name is; then it is
 * renamed onto the target with {@code ATOMIC_MOVE}; finally the directory is fsynced (best effort:
 * not every platform can open a directory) so the rename itself survives a power cut. If anything
 * fails the temporary file is deleted; if the process dies instead, the temporary is left behind
 * under a name no reader looks at, and {@link #cleanTemps(Path)} removes it on the next start.
 *
 * <p>Every step passes through an {@link IoHooks} first, so tests can fail or "crash" any of them.
 * Instances are immutable and thread-safe; two writers racing on one target each leave a complete
 * file (the last rename wins).
 */
public final class AtomicFile {

    /** Writes are split into chunks of this size, each one a hook point (so a crash can leave a partial temp). */
    public static final int CHUNK_BYTES = 16 * 1024;
    /** Suffix of every temporary file; nothing else in LocalExpert's folders ends so. */
    public static final String TEMP_SUFFIX = ".lxtmp";

    /** Streams content into the temporary file; must not close {@code out}. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final AtomicFile DEFAULT = new AtomicFile(IoHooks.NONE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IoHooks hooks;

    public AtomicFile(IoHooks hooks) {
        if (hooks == null) throw new IllegalArgumentException("hooks must not be null (use IoHooks.NONE)");
        this.hooks = hooks;
    }

    /** The production instance (no hooks). */
    public static AtomicFile standard() {
        return DEFAULT;
    }

    public IoHooks hooks() {
        return hooks;
    }

    /** Atomically replaces (or creates) {@code target} with {@code bytes}; creates missing parent folders. */
    public void write(Path target, byte[] bytes) throws IOException {
        if (bytes == null) throw new IllegalArgumentException("bytes must not be null");
        write(target, out -> out.write(bytes));
    }

    /**
     * Streaming form: {@code content} writes into the temporary file, which then replaces {@code target}.
     * Failures throw an {@link IOException} "could not write TARGET: reason" with the target unchanged.
     */
    public void write(Path target, Content content) throws IOException {
        if (target == null || content == null) throw new IllegalArgumentException("target and content must not be null");
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path name = absolute.getFileName();
        if (dir == null || name == null) throw new IllegalArgumentException(target + " is not a file path");
        if (name.toString().endsWith(TEMP_SUFFIX)) {
            throw new IllegalArgumentException(target + " ends in " + TEMP_SUFFIX + ", which marks temporary files");
        }
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + name + "." + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE) + TEMP_SUFFIX);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                // Buffered so content written a few bytes at a time still reaches the hooks (and the disk) in chunks.
                OutputStream out = new BufferedOutputStream(new HookedStream(Channels.newOutputStream(channel), tmp), CHUNK_BYTES);
                content.writeTo(out);
                out.flush();
                hooks.before(IoHooks.Op.FORCE, tmp);
                channel.force(true);
            }
            hooks.before(IoHooks.Op.MOVE, absolute);
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same directory, so this only happens on exotic file systems; a plain replace is the best left.
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncDirectory(dir);
        } catch (IOException e) {
            // Name the file the caller meant, not the temporary: "could not write .../v3.tflite: No space left on device".
            throw new IOException("could not write " + absolute + ": " + e.getMessage(), e);
        } finally {
            if (!moved) deleteQuietly(tmp);
        }
    }

    /**
     * Deletes the temporaries a crashed write left in {@code dir} (not in sub-folders); returns how
     * many. Call it on start-up before anyone writes into {@code dir}: a temp of a write still in
     * progress would be removed too (that write then fails cleanly on its rename).
     */
    public int cleanTemps(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + TEMP_SUFFIX)) {
            for (Path f : files) {
                if (!Files.isRegularFile(f)) continue;
                hooks.before(IoHooks.Op.DELETE, f);
                if (Files.deleteIfExists(f)) removed++;
            }
        }
        return removed;
    }

    /** Deletes {@code file} if it exists, through the hooks; true if it was there. */
    public boolean delete(Path file) throws IOException {
        hooks.before(IoHooks.Op.DELETE, file);
        return Files.deleteIfExists(file);
    }

    /**
     * Makes a rename or delete in {@code dir} durable; best effort (see the class comment), so an
     * I/O error here is not reported: the rename has already happened.
     */
    public void syncDirectory(Path dir) {
        try (FileChannel ch = openDirectory(dir)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // Some platforms cannot open a directory; the file content is synced, the rename is as durable as the OS makes it.
        }
    }

    private FileChannel openDirectory(Path dir) throws IOException {
        hooks.before(IoHooks.Op.FORCE, dir);
        return FileChannel.open(dir, StandardOpenOption.READ);
    }

    private void deleteQuietly(Path tmp) {
        try {
            hooks.before(IoHooks.Op.DELETE, tmp);
            Files.deleteIfExists(tmp);
        } catch (IOException | RuntimeException | FileSystemFaults.SimulatedCrash ignored) {
            // Left for cleanTemps; the original failure is the one worth reporting.
        }
    }

    /** Splits writes into hooked chunks so a fault can land in the middle of a file. */
    private final class HookedStream extends FilterOutputStream {
        private final Path file;

        HookedStream(OutputStream out, Path file) {
            super(out);
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, CHUNK_BYTES);
                hooks.before(IoHooks.Op.WRITE, file);
                out.write(b, off, n);
                off += n;
                len -= n;
            }
        }

        @Override
        public void close() {
            // The channel is closed by write(); callers' content must not close it early.
        }
    }

}

package org.localexpert.core.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A seam in front of every file-system step {@link AtomicFile} and {@link ModelStore} take, so
 * tests can make any one of them fail (disk full) or "crash" (see {@link FileSystemFaults}).
 * Production code uses {@link #NONE}.
 */
public interface IoHooks {

    /** The kinds of step, in the order an atomic write takes them. */
    enum Op {
        /** Writing a chunk of bytes (at most {@link AtomicFile#CHUNK_BYTES}) into a temporary file. */
        WRITE,
        /** {@code FileChannel.force(true)} on a file or (best effort) on its directory. */
        FORCE,
        /** The atomic rename of a temporary file onto its target name. */
        MOVE,
        /** Deleting a file (cleaning temporaries, pruning old versions, delete-all). */
        DELETE
    }

    /** Called just before {@code op} touches {@code file}; throwing stops the operation there. */
    void before(Op op, Path file) throws IOException;

    IoHooks NONE = (op, file) -> { };
}

package org.localexpert.core.store;

import java.io.File;
import org.junit.rules.TemporaryFolder;

/**
 * Temporary folders on tmpfs when there is one. The fault tests check what a crash leaves visible,
 * which does not depend on fsync reaching the disk (a simulated crash or a killed process loses no
 * page cache); on a real disk their thousands of fsyncs take minutes on a busy machine.
 */
public final class FastFolder {
    private FastFolder() {}

    public static TemporaryFolder create() {
        File shm = new File("/dev/shm");
        return new TemporaryFolder(shm.isDirectory() && shm.canWrite() ? shm : null);
    }
}

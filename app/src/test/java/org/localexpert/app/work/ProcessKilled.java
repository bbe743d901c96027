package org.localexpert.app.work;

import org.localexpert.core.store.FileSystemFaults;

/**
 * Thrown by a test's hook to "kill the process" at that point: a {@link FileSystemFaults.SimulatedCrash}, which the
 * training job lets through unrecorded as a dead process would (an Error, so no catch (Exception) swallows it either).
 */
final class ProcessKilled extends FileSystemFaults.SimulatedCrash {
    ProcessKilled(String where) {
        super("process killed " + where);
    }
}

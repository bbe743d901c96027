package org.localexpert.app.work;

/** Thrown by a test's hook to "kill the process" at that point: an Error, so no catch (Exception) swallows it. */
final class ProcessKilled extends Error {
    ProcessKilled(String where) {
        super("process killed " + where);
    }
}

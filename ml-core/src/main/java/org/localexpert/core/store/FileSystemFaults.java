package org.localexpert.core.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Fault injection for tests: counts every file-system step (across all ops, from 1) and, at the
 * chosen step, either simulates a crash or fails the way a full disk does.
 *
 * <p>A <b>crash</b> throws {@link SimulatedCrash} (an {@link Error}, so no {@code catch (Exception)}
 * swallows it) and from then on every further step throws too: the "dead process" cannot clean up,
 * delete its temporary file or finish a rename — exactly what a killed process leaves behind.
 * A <b>failure</b> throws the given {@link IOException} once (default: "No space left on device"),
 * after which steps succeed again, as when a full disk is cleared.
 */
public final class FileSystemFaults implements IoHooks {

    /**
     * Thrown at the crash point and for every step after it. Code that ends on any Throwable lets this one through
     * (a dead process records nothing); tests that kill a process elsewhere (a stage boundary, a stop check) throw a
     * subclass of it.
     */
    public static class SimulatedCrash extends Error {
        public SimulatedCrash(String message) {
            super(message);
        }
    }

    public static final String DISK_FULL = "No space left on device";

    private final long failAt;
    private final IoHooks.Op only;
    private final boolean crash;
    private final IOException failure;
    private long steps;
    private boolean dead;
    private final Map<IoHooks.Op, Long> counts = new EnumMap<>(IoHooks.Op.class);
    private final List<String> log = new ArrayList<>();
    private boolean logging;

    private FileSystemFaults(long failAt, IoHooks.Op only, boolean crash, IOException failure) {
        this.failAt = failAt;
        this.only = only;
        this.crash = crash;
        this.failure = failure;
    }

    /** Counts steps and never fails: run an operation once with this to learn how many steps it takes. */
    public static FileSystemFaults counting() {
        return new FileSystemFaults(0, null, false, null);
    }

    /** Crashes at the {@code step}-th step (1-based) of any kind. */
    public static FileSystemFaults crashAt(long step) {
        return new FileSystemFaults(positive(step), null, true, null);
    }

    /** Crashes at the {@code nth} step of kind {@code op} (1-based). */
    public static FileSystemFaults crashAt(IoHooks.Op op, long nth) {
        return new FileSystemFaults(positive(nth), op, true, null);
    }

    /** The {@code step}-th step of any kind fails once with "No space left on device". */
    public static FileSystemFaults diskFullAt(long step) {
        return failAt(step, null, new IOException(DISK_FULL));
    }

    /** The {@code nth} step of kind {@code op} (null = any kind) fails once with {@code failure}. */
    public static FileSystemFaults failAt(long nth, IoHooks.Op op, IOException failure) {
        if (failure == null) throw new IllegalArgumentException("failure must not be null");
        return new FileSystemFaults(positive(nth), op, false, failure);
    }

    private static long positive(long n) {
        if (n < 1) throw new IllegalArgumentException("fault step must be >= 1, got " + n);
        return n;
    }

    /** Also remember "op file" for each step (for diagnosing which step a test hit). */
    public FileSystemFaults logging() {
        logging = true;
        return this;
    }

    @Override
    public synchronized void before(IoHooks.Op op, Path file) throws IOException {
        if (dead) throw new SimulatedCrash("process already crashed; " + op + " " + file + " never happens");
        long n = counts.merge(op, 1L, Long::sum);
        steps++;
        if (logging) log.add(op + " " + file);
        long position = only == null ? steps : (op == only ? n : -1);
        if (position != failAt) return;
        if (crash) {
            dead = true;
            throw new SimulatedCrash("simulated crash at step " + steps + " (" + op + " " + file + ")");
        }
        IOException e = new IOException(failure.getMessage());
        e.initCause(failure.getCause());
        throw e;
    }

    /**
     * Crashes now, outside any file step (e.g. from a training listener, "in the middle of an
     * epoch"): throws {@link SimulatedCrash} and every later step throws too.
     */
    public synchronized void crashNow(String where) {
        dead = true;
        throw new SimulatedCrash("simulated crash " + where);
    }

    /** Steps seen so far, of all kinds (the crash step included). */
    public synchronized long steps() {
        return steps;
    }

    public synchronized long steps(IoHooks.Op op) {
        return counts.getOrDefault(op, 0L);
    }

    /** True once the crash point was reached. */
    public synchronized boolean crashed() {
        return dead;
    }

    /** "OP path" per step, when {@link #logging()} was asked for. */
    public synchronized List<String> log() {
        return Collections.unmodifiableList(new ArrayList<>(log));
    }
}

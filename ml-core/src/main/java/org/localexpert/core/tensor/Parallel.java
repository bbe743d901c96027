package org.localexpert.core.tensor;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs numbered tasks on a fixed number of threads, such that results never depend on timing.
 *
 * <p>The rule every caller follows: a task writes only memory that belongs to its task index (its
 * rows of the output, or its own partial sum). Which thread runs which task varies from run to run,
 * but what each task computes does not, and partial sums are combined afterwards in task order on
 * the calling thread. Layers choose the number of tasks from the problem shape only (never from the
 * thread count), so the same inputs give bit-identical results with 1, 2 or 8 threads.
 *
 * <p>The calling thread takes part in the work, so {@code threads = 1} runs everything inline with
 * no pool at all (the phone's latency measurements use that).
 *
 * <p>A {@link org.localexpert.core.model.Model} makes its Parallel {@linkplain #current() current}
 * while it runs; layers called directly use the default (all available processors).
 */
public final class Parallel {
    /** One task of a parallel loop. {@code worker} in [0, threads) identifies the thread's scratch space. */
    public interface Task {
        void run(int task, int worker);
    }

    private static final Parallel[] SHARED = new Parallel[65];
    private static final ThreadLocal<Parallel> CURRENT = new ThreadLocal<>();
    private static volatile int defaultThreads = Runtime.getRuntime().availableProcessors();

    private final int threads;
    private final ForkJoinPool pool;

    private Parallel(int threads) {
        this.threads = threads;
        // threads-1 helpers: the caller is the last worker.
        this.pool = threads > 1 ? new ForkJoinPool(threads - 1) : null;
    }

    /** The shared instance for {@code threads} threads (pools are created once and kept; their threads are daemons). */
    public static synchronized Parallel of(int threads) {
        if (threads < 1 || threads >= SHARED.length) {
            throw new IllegalArgumentException("thread count must be in 1.." + (SHARED.length - 1) + " but was " + threads);
        }
        if (SHARED[threads] == null) SHARED[threads] = new Parallel(threads);
        return SHARED[threads];
    }

    /** The instance set by the running model on this thread, else the default. */
    public static Parallel current() {
        Parallel p = CURRENT.get();
        return p != null ? p : of(defaultThreads);
    }

    /** Thread count used when no model sets one (initially the number of available processors). */
    public static void setDefaultThreads(int threads) {
        of(threads);
        defaultThreads = threads;
    }

    /** Makes {@code p} current on this thread; returns the previous one for {@link #restore}. */
    public static Parallel enter(Parallel p) {
        Parallel previous = CURRENT.get();
        CURRENT.set(p);
        return previous;
    }

    public static void restore(Parallel previous) {
        if (previous == null) CURRENT.remove(); else CURRENT.set(previous);
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code task} for every index in [0, tasks), each exactly once; returns when all are done. */
    public void run(int tasks, Task task) {
        if (tasks <= 0) return;
        int helpers = Math.min(threads - 1, tasks - 1);
        if (helpers <= 0) {
            for (int t = 0; t < tasks; t++) task.run(t, 0);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        @SuppressWarnings("unchecked")
        Future<?>[] futures = new Future<?>[helpers];
        for (int h = 0; h < helpers; h++) {
            final int worker = h + 1;
            futures[h] = pool.submit(() -> drain(next, tasks, task, worker));
        }
        Throwable failure = null;
        try {
            drain(next, tasks, task, 0);
        } catch (RuntimeException | Error e) {
            failure = e;
            next.set(tasks); // stop handing out work
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = e;
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause();
            }
        }
        if (failure instanceof RuntimeException) throw (RuntimeException) failure;
        if (failure instanceof Error) throw (Error) failure;
        if (failure != null) throw new IllegalStateException("parallel task failed", failure);
    }

    private static void drain(AtomicInteger next, int tasks, Task task, int worker) {
        int t;
        while ((t = next.getAndIncrement()) < tasks) task.run(t, worker);
    }

    /**
     * Work worth one task, in multiply-adds or elementwise operations: handing a task to another
     * thread costs ~20 µs (measured here; more when the machine is busy), about the time of this
     * much work, so anything smaller runs on the calling thread.
     */
    public static final int GRAIN = 1 << 16;

    /** Number of tasks for {@code items} units of work of about {@code grain} units each, at most {@code max}. */
    public static int tasksFor(long items, long grain, int max) {
        long t = (items + grain - 1) / Math.max(1, grain);
        return (int) Math.max(1, Math.min(max, t));
    }
}

package org.localexpert.app;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.runner.Description;
import org.junit.runner.notification.RunListener;

/**
 * Surefire listener for the app's tests (app/pom.xml): a test still running after {@link #LIMIT_PROPERTY} seconds
 * (default 300; the slowest app test takes about 85 s) is a hang. Every thread's stack and held locks are printed
 * and the test JVM stops, so the build fails within minutes and says where, instead of running out CI's time with
 * nothing printed (what a looping Robolectric main looper once did).
 */
public final class HangWatchdog extends RunListener {
    public static final String LIMIT_PROPERTY = "localexpert.testHangSeconds";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-hang-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final long limitMillis;
    private final Consumer<String> onHang;
    private ScheduledFuture<?> pending;

    /** What Surefire builds: the limit from {@link #LIMIT_PROPERTY}; a hang prints the threads and stops the JVM. */
    public HangWatchdog() {
        this(1000 * Long.getLong(LIMIT_PROPERTY, 300), HangWatchdog::printAndHalt);
    }

    /** A test still running after {@code limitMillis} hands the report (test, every thread's stack) to {@code onHang}. */
    HangWatchdog(long limitMillis, Consumer<String> onHang) {
        this.limitMillis = limitMillis;
        this.onHang = onHang;
    }

    @Override
    public synchronized void testStarted(Description test) {
        cancel();
        pending = timer.schedule(() -> onHang.accept(report(test)), limitMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void testFinished(Description test) {
        cancel();
    }

    private void cancel() {
        if (pending != null) pending.cancel(false);
        pending = null;
    }

    private String report(Description test) {
        StringBuilder out = new StringBuilder("\n*** HANG: " + test.getDisplayName() + " still running after " + limitMillis / 1000.0
                + " s (-D" + LIMIT_PROPERTY + "); every thread below:\n");
        long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        if (deadlocked != null) out.append("*** deadlocked threads: ").append(deadlocked.length).append('\n');
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.append(stack(t));
        }
        return out.toString();
    }

    private static void printAndHalt(String report) {
        System.err.println(report);
        System.err.println("*** this test JVM stops in 3 s");
        System.err.flush();
        // Surefire carries the fork's output to the console on a thread of its own: give it time before the halt.
        try {
            Thread.sleep(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(86);
    }

    /** ThreadInfo.toString stops after 8 frames; a hang's cause is usually deeper. */
    private static String stack(ThreadInfo t) {
        StringBuilder s = new StringBuilder("\"" + t.getThreadName() + "\" " + t.getThreadState());
        if (t.getLockName() != null) s.append(" on ").append(t.getLockName());
        if (t.getLockOwnerName() != null) s.append(" owned by \"").append(t.getLockOwnerName()).append('"');
        s.append('\n');
        for (StackTraceElement e : t.getStackTrace()) s.append("\tat ").append(e).append('\n');
        return s.append('\n').toString();
    }
}

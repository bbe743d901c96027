package org.localexpert.host;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * The calling thread's CPU time in nanoseconds (java.lang.management, which Android lacks). On a
 * machine shared with other jobs, a one-thread personalization's CPU time is what it would take on
 * a core of its own; wall time also counts the waiting.
 */
public final class ThreadCpuClock {
    private ThreadCpuClock() {}

    /** The clock, or null when this JVM cannot measure thread CPU time. */
    public static LongSupplier orNull() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!bean.isCurrentThreadCpuTimeSupported()) return null;
        if (!bean.isThreadCpuTimeEnabled()) bean.setThreadCpuTimeEnabled(true);
        return bean::getCurrentThreadCpuTime;
    }
}

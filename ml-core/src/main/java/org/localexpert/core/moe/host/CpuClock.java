package org.localexpert.core.moe.host;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.localexpert.core.data.host.HostOnly;

/**
 * CPU time of the calling thread, for the benchmark: on a shared machine wall time also counts the
 * time other processes held the core, while a 1-thread personalization's CPU time is what it costs
 * on a core of its own. Host only (Android has no {@code java.lang.management}).
 */
@HostOnly
public final class CpuClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuClock() {}

    /** CPU nanoseconds of the calling thread so far, or -1 when the JVM cannot tell. */
    public static long threadNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }
}

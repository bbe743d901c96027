package org.localexpert.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.junit.Test;
import org.junit.runner.Description;

/** The watchdog reports a test that runs past its limit (with every thread's stack and any deadlock), and only then. */
public class HangWatchdogTest {
    private final BlockingQueue<String> reports = new LinkedBlockingQueue<>();

    @Test
    public void aTestThatEndsInTimeIsNotReported() throws Exception {
        // A limit far above the microseconds between the two calls, so a loaded machine's pause cannot fire it.
        HangWatchdog w = new HangWatchdog(2000, reports::add);
        Description test = Description.createTestDescription("Quick", "finishes");
        w.testStarted(test);
        w.testFinished(test);
        assertEquals("no report", null, reports.poll(3000, TimeUnit.MILLISECONDS));
    }

    @Test
    public void aTestPastItsLimitIsReportedWithTheStuckThreadsStack() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Thread stuck = new Thread(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stuck-test-thread");
        stuck.setDaemon(true);
        stuck.start();
        waitUntil(() -> stuck.getState() == Thread.State.WAITING);
        try {
            HangWatchdog w = new HangWatchdog(100, reports::add);
            w.testStarted(Description.createTestDescription("Slow", "hangs"));
            String report = reports.poll(10, TimeUnit.SECONDS);
            assertNotNull("reported within 10 s", report);
            assertTrue(report, report.contains("*** HANG: hangs(Slow) still running after 0.1 s"));
            assertTrue("the stuck thread and where it waits", report.contains("\"stuck-test-thread\" WAITING")
                    && report.contains("java.util.concurrent.CountDownLatch.await"));
        } finally {
            never.countDown();
        }
    }

    @Test
    public void aDeadlockIsNamed() throws Exception {
        ReentrantLock a = new ReentrantLock(), b = new ReentrantLock();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        Thread t1 = lockBoth("deadlock-1", a, b, bothHoldOne), t2 = lockBoth("deadlock-2", b, a, bothHoldOne);
        t1.start();
        t2.start();
        waitUntil(() -> a.hasQueuedThreads() && b.hasQueuedThreads()); // both stuck on their second lock
        try {
            HangWatchdog w = new HangWatchdog(300, reports::add);
            w.testStarted(Description.createTestDescription("Locked", "deadlocks"));
            String report = reports.poll(10, TimeUnit.SECONDS);
            assertNotNull(report);
            assertTrue(report, report.contains("*** deadlocked threads: 2"));
            assertTrue(report, report.contains("\"deadlock-1\" WAITING on java.util.concurrent.locks.ReentrantLock")
                    && report.contains("owned by \"deadlock-2\""));
        } finally {
            // Interruptible locks: the two threads give up, so no deadlock stays behind for later tests' reports.
            t1.interrupt();
            t2.interrupt();
            t1.join(5000);
            t2.join(5000);
        }
    }

    /** Waits (at most 10 s) until {@code condition} holds, so the watchdog looks only once the scene is set. */
    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("the threads did not get stuck within 10 s");
            Thread.sleep(5);
        }
    }

    /** A thread that takes {@code first}, waits until the other thread holds its own first lock, then asks for {@code second}. */
    private static Thread lockBoth(String name, ReentrantLock first, ReentrantLock second, CountDownLatch bothHoldOne) {
        Thread t = new Thread(() -> {
            try {
                first.lockInterruptibly();
                try {
                    bothHoldOne.countDown();
                    bothHoldOne.await();
                    second.lockInterruptibly();
                    second.unlock();
                } finally {
                    first.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.setDaemon(true);
        return t;
    }
}

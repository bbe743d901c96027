package org.localexpert.experiments.fp16;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** Wilson 95 % intervals against values computed by hand from the formula (and matching R's prop.test without correction). */
public class WilsonIntervalTest {
    @Test
    public void knownIntervals() {
        // 0 of 100: [0, z²/(n + z²)] = [0, 3.8415 / 103.8415].
        WilsonInterval none = WilsonInterval.of(0, 100);
        assertEquals(0, none.low, 0);
        assertEquals(0.036994, none.high, 1e-6);
        // 5 of 100: centre (0.05 + 0.019207) / 1.038415 = 0.066647, half-width 0.042278.
        WilsonInterval five = WilsonInterval.of(5, 100);
        assertEquals(0.021544, five.low, 1e-6);
        assertEquals(0.111750, five.high, 1e-6);
        // 50 of 100: symmetric around 0.5.
        WilsonInterval half = WilsonInterval.of(50, 100);
        assertEquals(1 - half.high, half.low, 1e-12);
        assertEquals(0.403832, half.low, 1e-6);
        // n of n: the mirror of 0 of n.
        assertEquals(1 - 0.036994, WilsonInterval.of(100, 100).low, 1e-6);
        assertEquals(1, WilsonInterval.of(100, 100).high, 0);
    }

    @Test
    public void zeroChangesInTenThousandBoundTheRateAtAbout4In10000() {
        WilsonInterval w = WilsonInterval.of(0, 10000);
        assertEquals(3.8415 / 10003.8415, w.high, 1e-7);
        assertEquals("0 / 10000 = 0.000 % [0.000, 0.038] %", w.toString());
    }

    @Test(expected = IllegalArgumentException.class)
    public void refusesMoreSuccessesThanTrials() {
        WilsonInterval.of(3, 2);
    }
}

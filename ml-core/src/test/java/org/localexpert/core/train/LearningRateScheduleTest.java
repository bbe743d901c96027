package org.localexpert.core.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class LearningRateScheduleTest {

    @Test
    public void stepDecayDividesEveryStepSize() {
        LearningRateSchedule s = LearningRateSchedule.step(0.1, 0.5, 100);
        assertEquals(0.1, s.rate(0), 1e-12);
        assertEquals(0.1, s.rate(99), 1e-12);
        assertEquals(0.05, s.rate(100), 1e-12);
        assertEquals(0.025, s.rate(250), 1e-12);
    }

    @Test
    public void cosineStartsAtBaseHalvesMidwayAndEndsAtMinimum() {
        LearningRateSchedule s = LearningRateSchedule.cosine(1.0, 100, 0.0);
        assertEquals(1.0, s.rate(0), 1e-12);
        assertEquals(0.5, s.rate(50), 1e-12);
        assertEquals(0.0, s.rate(100), 1e-12);
        assertEquals(0.0, s.rate(1000), 1e-12);
        for (int i = 1; i <= 100; i++) assertTrue(s.rate(i) <= s.rate(i - 1));
    }

    @Test
    public void warmupRisesLinearlyThenFollowsTheCosine() {
        LearningRateSchedule s = LearningRateSchedule.warmupCosine(0.01, 10, 110, 0.001);
        assertEquals(0.001, s.rate(0), 1e-12);
        assertEquals(0.005, s.rate(4), 1e-12);
        assertEquals(0.01, s.rate(9), 1e-12);
        assertEquals(0.01, s.rate(10), 1e-12);
        assertEquals(0.001 + 0.009 * 0.5, s.rate(60), 1e-12);
        assertEquals(0.001, s.rate(110), 1e-12);
    }

    @Test(expected = IllegalArgumentException.class)
    public void warmupLongerThanTheRunIsRejected() {
        LearningRateSchedule.warmupCosine(0.01, 100, 50, 0);
    }
}

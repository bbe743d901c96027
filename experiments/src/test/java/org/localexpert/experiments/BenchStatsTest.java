package org.localexpert.experiments;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import org.junit.Test;
import org.localexpert.cli.Baselines;
import org.localexpert.cli.Baselines.Method;
import org.localexpert.core.data.HandwritingSplits;

/** The benches' statistics on fixed rows, worked out by hand. */
public class BenchStatsTest {
    @Test
    public void errorCutWorseAndSd() {
        assertEquals(0.5, BenchStats.errorCut(new int[] {2, 3, 5}, new int[] {1, 1, 3}), 1e-12);
        assertEquals(-0.25, BenchStats.errorCut(new int[] {4}, new int[] {5}), 1e-12);
        assertEquals("no baseline errors: nothing to cut", 0, BenchStats.errorCut(new int[] {0, 0}, new int[] {1, 0}), 0);
        assertEquals(1, BenchStats.worse(new int[] {1, 0, 2}, new int[] {2, 0, 1}));
        assertEquals(Math.sqrt(5 / 3.0), BenchStats.sd(new double[] {1, 2, 3, 4}), 1e-12);
        assertEquals(0, BenchStats.sd(new double[] {7}), 0);
        assertEquals(2.5, BenchStats.percentile(new double[] {1, 2, 3, 4}, 0.5), 1e-12);
    }

    @Test
    public void bootstrapOfAShareMatchesTheBinomialWidth() {
        // 400 units, half of them 1: the share's 95 % interval is about ± 1.96 · sqrt(0.25 / 400) = ± 0.049.
        int[] x = new int[400];
        for (int i = 0; i < 200; i++) x[i] = 1;
        BenchStats.Interval ci = BenchStats.bootstrap(x.length, w -> {
            double s = 0, n = 0;
            for (int i = 0; i < w.length; i++) {
                s += w[i] * x[i];
                n += w[i];
            }
            return s / n;
        });
        assertEquals(0.5, ci.value, 1e-12);
        assertEquals(0.451, ci.low, 0.012);
        assertEquals(0.549, ci.high, 0.012);
        assertEquals("0.5 [" + String.format(java.util.Locale.ROOT, "%.1f, %.1f", ci.low, ci.high) + "]", ci.format(1, 1));

        BenchStats.Interval constant = BenchStats.bootstrap(50, w -> 3.0);
        assertEquals(3.0, constant.low, 0);
        assertEquals(3.0, constant.high, 0);
    }

    /** Four users, two generic items; every method but the mixture answers as the GE does. */
    @Test
    public void methodTableOnFixedRows() {
        MethodTable t = new MethodTable("writer", MethodTable.Resample.UNITS);
        //        held-out wrong (GE)           (mixture)                      generic wrong GE, mixture  gate can open
        t.add("1", null, outcome(new boolean[] {true, true, false}, new boolean[] {false, false, false}, false, false, true));
        t.add("2", null, outcome(new boolean[] {true, false, false}, new boolean[] {false, false, false}, false, true, true));
        t.add("3", null, outcome(new boolean[] {false, false, false}, new boolean[] {true, false, false}, false, false, true));
        t.add("4", null, outcome(new boolean[] {false, false, false}, new boolean[] {true, false, false}, false, false, false));
        // GE 3 errors of 12, mixture 2: cut 1/3; users 3 and 4 worse (2 of 4), among the 3 whose gate can open 1.
        assertEquals(3 / 12.0, t.error(Method.GE).value, 1e-12);
        assertEquals(1 / 3.0, t.errorCut(Method.MIXTURE).value, 1e-12);
        assertEquals(0.0, t.errorCut(Method.KNN).value, 1e-12);
        assertEquals(0.5, t.worseShare(Method.MIXTURE, false).value, 1e-12);
        assertEquals(2, t.worse(Method.MIXTURE, false));
        assertEquals(1, t.worse(Method.MIXTURE, true));
        assertEquals(3, t.gateCanOpen(true));
        // Generic: one user of four errs on one item of two more than the GE: 1/4 · 1/2 = 12.5 points.
        assertEquals(12.5, t.genericDropPoints(Method.MIXTURE).value, 1e-9);
        BenchStats.Interval cut = t.errorCut(Method.MIXTURE);
        assertTrue(cut.low <= cut.value && cut.value <= cut.high);
        assertTrue("a 4-user interval is wide: " + cut.format(100, 1), cut.high - cut.low > 0.5);
    }

    /** Resampling photos: two draws sharing photos 0..3; the figure is pooled over each draw's held-out photos. */
    @Test
    public void itemResamplingPoolsTheDraws() {
        MethodTable t = new MethodTable("k,draw", MethodTable.Resample.ITEMS);
        t.add("5,0", new int[] {0, 1, 2}, outcome(new boolean[] {true, true, false}, new boolean[] {false, true, false}, false, false, true));
        t.add("5,1", new int[] {1, 2, 3}, outcome(new boolean[] {true, false, false}, new boolean[] {true, false, true}, false, false, true));
        assertEquals(3 / 6.0, t.error(Method.GE).value, 1e-12);
        assertEquals(3 / 6.0, t.error(Method.MIXTURE).value, 1e-12);
        assertEquals("draw 1 is worse (2 errors vs 1)", 1, t.worse(Method.MIXTURE, false));
        BenchStats.Interval e = t.error(Method.GE);
        assertTrue(e.low < e.value && e.value < e.high);
    }

    @Test
    public void reportCountsWorseUsersAndSplitsTheGroups() {
        java.util.List<PersonalizationBench.UserRow> rows = Arrays.asList(
                row(2, 5, 2, false), row(3, 0, 1, false), row(4, 0, 1, true), row(5, 3, 3, false), row(6, 2, 0, false));
        PersonalizationBench.Report r = new PersonalizationBench.Report(rows, 0.99, null, null, "all");
        assertEquals(10, r.geErrors());
        assertEquals(7, r.mixtureErrors());
        assertEquals(0.3, r.errorCut(), 1e-12);
        assertEquals(2, r.usersWorse());
        assertEquals(1, r.usersWorseGateCanOpen());
        assertEquals(4, r.usersGateCanOpen());
        PersonalizationBench.Report design = r.group(true, null), evaluation = r.group(false, null);
        assertEquals(3, design.rows.size());
        assertEquals(2, evaluation.rows.size());
        for (PersonalizationBench.UserRow u : evaluation.rows) assertTrue(!HandwritingSplits.isDesignWriter(u.writer));
        assertEquals(1, design.usersWorse());
        assertEquals(1, evaluation.usersWorse());
    }

    @Test
    public void farmStatIsMeanAndSampleSd() {
        FarmBench.Stat s = new FarmBench.Stat(Arrays.asList(0.9, 0.8, 1.0));
        assertEquals(0.9, s.mean, 1e-12);
        assertEquals(0.1, s.sd, 1e-12);
    }

    private static PersonalizationBench.UserRow row(int writer, int ge, int mix, boolean guarded) {
        return new PersonalizationBench.UserRow(writer, 50, 50, ge, mix, 0, 0.99, 0.1, 0.1, guarded);
    }

    /** Every method as the GE, but the mixture as given; generic items: GE and mixture wrong flags of item 1 (item 0 right for all). */
    private static Baselines.Outcome outcome(boolean[] ge, boolean[] mixture, boolean geGeneric, boolean mixtureGeneric, boolean gateCanOpen) {
        int methods = Method.values().length;
        boolean[][] held = new boolean[methods][], generic = new boolean[methods][];
        for (int m = 0; m < methods; m++) {
            held[m] = ge.clone();
            generic[m] = new boolean[] {false, geGeneric};
        }
        held[Method.MIXTURE.ordinal()] = mixture.clone();
        generic[Method.MIXTURE.ordinal()] = new boolean[] {false, mixtureGeneric};
        return new Baselines.Outcome(held, generic, new double[methods], gateCanOpen);
    }
}

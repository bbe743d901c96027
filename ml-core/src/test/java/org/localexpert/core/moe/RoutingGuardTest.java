package org.localexpert.core.moe;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.model.Model;

public class RoutingGuardTest {
    private static RoutingGuard.Evidence evidence(int ge, int... rungErrors) {
        return new RoutingGuard.Evidence(4, 60, ge, rungErrors);
    }

    @Test
    public void rulesPickTheirRungFromTheEvidence() {
        int m005 = RoutingGuard.rungOf(0.05f), m02 = RoutingGuard.rungOf(0.2f), none = RoutingGuard.rungOf(Float.NaN);
        assertEquals(1, RoutingGuard.rungOf(0f));
        // rungs: GE only, margin 0, 0.05, 0.2, unconditioned
        RoutingGuard.Evidence harmful = evidence(2, 2, 2, 3, 3, 4);
        assertEquals(m005, RoutingGuard.choose(RoutingGuard.Rule.NONE, harmful, m005));
        assertEquals(0, RoutingGuard.choose(RoutingGuard.Rule.NO_HARM, harmful, m005));
        assertEquals(1, RoutingGuard.choose(RoutingGuard.Rule.STEP_DOWN, harmful, m02)); // margin 0 ties the GE: kept
        assertEquals(0, RoutingGuard.choose(RoutingGuard.Rule.MUST_BEAT, harmful, m02));
        assertEquals(0, RoutingGuard.choose(RoutingGuard.Rule.FEWEST_ERRORS, harmful, m005)); // ties go to the careful side

        RoutingGuard.Evidence helpful = evidence(5, 5, 3, 2, 1, 1);
        assertEquals(m02, RoutingGuard.choose(RoutingGuard.Rule.NO_HARM, helpful, m02));
        assertEquals(m02, RoutingGuard.choose(RoutingGuard.Rule.MUST_BEAT, helpful, m02));
        assertEquals(none, RoutingGuard.choose(RoutingGuard.Rule.STEP_DOWN, helpful, none));
        assertEquals(m02, RoutingGuard.choose(RoutingGuard.Rule.FEWEST_ERRORS, helpful, m005));

        RoutingGuard.Evidence bothPerfect = evidence(0, 0, 0, 0, 0, 0);
        assertEquals(m02, RoutingGuard.choose(RoutingGuard.Rule.NO_HARM, bothPerfect, m02));
        assertEquals(0, RoutingGuard.choose(RoutingGuard.Rule.MUST_BEAT, bothPerfect, m02));
    }

    @Test(expected = IllegalArgumentException.class)
    public void aGuardNeedsAMarginOnItsLadder() {
        PersonalizationOptions.builder().duelMargin(0.07f).guard(RoutingGuard.Rule.NO_HARM).build();
    }

    /**
     * Images of one "user" whose digits the GE already reads as that user means them (labels = the
     * GE's own answers), except that {@code flipShare} of the taught labels are slips of the pen
     * (another digit). The LE learns the slips, so without a guard the mixture overrules a GE that
     * was right; the guard sees that in cross-validation on the taught samples and keeps the GE.
     */
    private static Dataset userDigits(Model ge, int n, double flipShare, long seed) {
        Random r = new Random(seed);
        List<Example> ex = new ArrayList<>();
        GlobalExpert g = GlobalExpert.of(ge, Mnist.LABELS);
        for (int i = 0; i < n; i++) {
            float[] px = new float[28 * 28];
            // A thick bar at a random height: a "hand" quite unlike the replay sample's sparse noise.
            int row = 4 + r.nextInt(20);
            for (int y = row; y < row + 4; y++) for (int x = 4 + r.nextInt(3); x < 24 - r.nextInt(3); x++) px[y * 28 + x] = 0.6f + 0.4f * r.nextFloat();
            for (int k = 0; k < px.length; k++) if (r.nextFloat() < 0.05f) px[k] = r.nextFloat();
            ex.add(new Example(px, Mnist.SHAPE, 0));
        }
        Dataset unlabelled = new Dataset(ex, Mnist.LABELS, Mnist.SHAPE);
        FeatureSet fs = g.features(unlabelled, 1);
        List<Example> labelled = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = fs.gePrediction(i);
            if (r.nextDouble() < flipShare) label = (label + 1 + r.nextInt(9)) % 10;
            labelled.add(ex.get(i).withLabel(label));
        }
        return new Dataset(labelled, Mnist.LABELS, Mnist.SHAPE);
    }

    @Test
    public void theGuardKeepsTheGeForAUserWhoseLocalExpertWouldHarm() {
        Model ge = MoeTestModels.tinyGe(21);
        Dataset taught = userDigits(ge, 60, 0.35, 1);
        Dataset fresh = userDigits(ge, 200, 0, 2); // the same hand, labelled as meant: the GE is right on all of them
        Dataset replay = MoeTestModels.noiseDigits(100, 11);
        PersonalizationOptions.Builder b = PersonalizationOptions.builder().seed(3).minPerClass(1).design(NO_DUEL);

        Personalizer unguarded = new Personalizer(Domain.HANDWRITING, GlobalExpert.of(ge, Mnist.LABELS), replay, b.guard(RoutingGuard.Rule.NONE).build());
        Personalization without = unguarded.personalize(taught);
        MixtureScore sWithout = MixtureScore.of(without.mixture(), unguarded.features(fresh, Mnist.LABELS));
        assertEquals(0, sWithout.geErrors);
        assertTrue("the scenario must be one where the unguarded LE harms: " + sWithout.errors + " errors", sWithout.errors > 0);
        assertFalse(without.guardedToGe());

        Personalizer guarded = new Personalizer(Domain.HANDWRITING, GlobalExpert.of(ge, Mnist.LABELS), replay, b.guard(RoutingGuard.Rule.NO_HARM).build());
        Personalization with = guarded.personalize(taught);
        assertTrue("guard evidence " + with.guardEvidence(), with.guardedToGe());
        assertTrue(with.guardEvidence().errors(RoutingGuard.rungOf(Float.NaN)) > with.guardEvidence().geErrors);
        MixtureScore sWith = MixtureScore.of(with.mixture(), guarded.features(fresh, Mnist.LABELS));
        assertEquals("the guarded mixture answers like the GE", 0, sWith.errors);
        assertEquals(0, sWith.routedToLe);
        assertEquals(0.0, with.replayGateShare(), 0);
    }

    @Test
    public void theGuardLeavesAHelpfulLocalExpertAlone() {
        // New classes the GE cannot name: cross-validation shows the LE helps, so the gate stays open.
        Model ge = MoeTestModels.tinyGe(22);
        Random r = new Random(5);
        List<Example> ex = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ex.add(new Example(MoeTestModels.letter("X", r), Mnist.SHAPE, 0));
            ex.add(new Example(MoeTestModels.letter("H", r), Mnist.SHAPE, 1));
        }
        Dataset user = new Dataset(ex, java.util.Arrays.asList("X", "H"), Mnist.SHAPE);
        Personalizer p = new Personalizer(Domain.HANDWRITING, GlobalExpert.of(ge, Mnist.LABELS), MoeTestModels.noiseDigits(100, 11),
                PersonalizationOptions.builder().seed(3).guard(RoutingGuard.Rule.NO_HARM).build());
        Personalization result = p.personalize(user);
        assertFalse("guard evidence " + result.guardEvidence(), result.guardedToGe());
        assertEquals(24, result.guardEvidence().geErrors);
        assertTrue(result.userGateShare() > 0.5);
    }

    @Test
    public void aGeThatReadsEveryTaughtSampleIsKept() {
        Model ge = MoeTestModels.tinyGe(21);
        Dataset taught = userDigits(ge, 60, 0, 1); // the GE answers every taught sample as the user means it
        Dataset fresh = userDigits(ge, 200, 0, 2);
        Dataset replay = MoeTestModels.noiseDigits(100, 11);
        PersonalizationOptions.Builder b = PersonalizationOptions.builder().seed(3).minPerClass(1).design(NO_DUEL);

        Personalizer unguarded = new Personalizer(Domain.HANDWRITING, GlobalExpert.of(ge, Mnist.LABELS), replay, b.guard(RoutingGuard.Rule.NONE).build());
        Personalization without = unguarded.personalize(taught);
        MixtureScore sWithout = MixtureScore.of(without.mixture(), unguarded.features(fresh, Mnist.LABELS));
        assertTrue("without the guard the gate opens on this hand", sWithout.routedToLe > 0);
        assertTrue("... and the LE overrules a GE that was right: " + sWithout.errors + " errors", sWithout.errors > 0);

        Personalizer guarded = new Personalizer(Domain.HANDWRITING, GlobalExpert.of(ge, Mnist.LABELS), replay, b.guard(RoutingGuard.Rule.KEEP_PERFECT_GE).build());
        Personalization with = guarded.personalize(taught);
        assertTrue(with.guardedToGe());
        MixtureScore sWith = MixtureScore.of(with.mixture(), guarded.features(fresh, Mnist.LABELS));
        assertEquals(0, sWith.routedToLe);
        assertEquals(0, sWith.errors);

        // One taught sample the GE misreads is an accent to learn: the LE is trained and may answer.
        Dataset oneSlip = userDigits(ge, 60, 0.05, 1);
        Personalization slip = guarded.personalize(oneSlip);
        assertFalse(slip.guardedToGe());
        assertTrue(slip.userGateShare() > 0);
    }

    @Test
    public void aToleranceKeepsAGeThatMisreadsFewTaughtSamples() {
        Model ge = MoeTestModels.tinyGe(21);
        Dataset replay = MoeTestModels.noiseDigits(100, 11);
        Dataset fewSlips = userDigits(ge, 80, 0.03, 4);
        int slips = 0;
        FeatureSet fs = GlobalExpert.of(ge, Mnist.LABELS).features(fewSlips, 1);
        for (int i = 0; i < fs.size(); i++) if (fs.gePrediction(i) != fs.label(i)) slips++;
        assertTrue("the draw has a slip or two: " + slips, slips >= 1 && slips <= 2);
        PersonalizationOptions.Builder b = PersonalizationOptions.builder().seed(3).minPerClass(1).guard(RoutingGuard.Rule.KEEP_PERFECT_GE);

        Personalizer strict = new Personalizer(Domain.HANDWRITING, GlobalExpert.of(ge, Mnist.LABELS), replay, b.build());
        assertFalse("tolerance 0: a GE with a slip is not kept", strict.personalize(fewSlips).guardedToGe());
        Personalizer tolerant = new Personalizer(Domain.HANDWRITING, GlobalExpert.of(ge, Mnist.LABELS), replay, b.design(keepGe(0.025f)).build());
        assertTrue(slips + " of 80 is within 2.5 %", tolerant.personalize(fewSlips).guardedToGe());
        Personalizer tooTight = new Personalizer(Domain.HANDWRITING, GlobalExpert.of(ge, Mnist.LABELS), replay, b.design(keepGe(0.5f / 80)).build());
        assertFalse("below one sample in 80 nothing is tolerated", tooTight.personalize(fewSlips).guardedToGe());
    }

    /** The shipped design, but the LE may overrule the GE however unsure it is (the boldest rung). */
    private static final PersonalizationDesign NO_DUEL = new PersonalizationDesign() {
        @Override
        public boolean duel() {
            return false;
        }
    };

    /** The shipped design, but the GE is kept when it misreads at most {@code share} of the taught samples. */
    private static PersonalizationDesign keepGe(float share) {
        return new PersonalizationDesign() {
            @Override
            public float keepGeTolerance() {
                return share;
            }
        };
    }

    @Test
    public void contiguousFoldsFollowTheSamplesOrder() {
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 2, 2, 2, 3, 3}, CrossValidation.contiguousFoldOf(10, 4));
        int[] f = CrossValidation.contiguousFoldOf(61, 4);
        int[] size = new int[4];
        for (int i = 0; i < f.length; i++) {
            if (i > 0) assertTrue("never goes back", f[i] >= f[i - 1]);
            size[f[i]]++;
        }
        for (int s : size) assertTrue("blocks of 15 or 16: " + s, s == 15 || s == 16);
    }
}

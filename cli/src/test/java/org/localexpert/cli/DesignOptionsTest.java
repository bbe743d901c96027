package org.localexpert.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.PersonalizationDesign;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.Routing;

public class DesignOptionsTest {
    @Test
    public void aDesignSurvivesChangesToTheProductsOptions() {
        PersonalizationOptions plant = Domain.PLANT.defaults().seed(7).build();
        PersonalizationOptions soft = DesignOptions.from(plant).leEpochs(30).routing(Routing.SOFT).noDuel().newClassReplayWeight(3f).build();
        PersonalizationOptions reseeded = soft.toBuilder().seed(8).build();
        PersonalizationDesign d = reseeded.design();
        assertEquals(30, d.leEpochs());
        assertEquals(Routing.SOFT, d.routing());
        assertFalse(d.duel());
        assertEquals(3f, d.newClassReplayWeight(plant.replayWeight()), 0f);
        assertEquals(8, reseeded.seed());
        // the product's plant values and the shipped design's other choices are kept
        assertEquals(plant.replayWeight(), reseeded.replayWeight(), 0f);
        assertEquals(plant.duelMargin(), reseeded.duelMargin(), 0f);
        assertEquals(PersonalizationDesign.SHIPPED.gnEpochs(), d.gnEpochs());
        assertEquals(PersonalizationDesign.SHIPPED.warpStrength(), d.warpStrength(), 0f);
        // ... and so is the design when it is changed again
        PersonalizationDesign again = DesignOptions.from(reseeded).anchor(0).duelMargin(0.05f).build().design();
        assertEquals(30, again.leEpochs());
        assertEquals(0f, again.anchor(), 0f);
        assertTrue(again.duel());
        // the shipped design's new-class replay weight is the configured one
        assertEquals(0.5f, PersonalizationDesign.SHIPPED.newClassReplayWeight(0.5f), 0f);
    }

    @Test
    public void designKnobsOutsideTheirRangesAreRefusedWithTheRange() {
        String[][] cases = {{"warp", "(0, 3]"}, {"warp big", "(0, 3]"}, {"tolerance", "[0, 1)"}, {"ceiling", "(0, 1]"}, {"folds", "2..20"}};
        for (String[] c : cases) {
            try {
                DesignOptions d = DesignOptions.defaults();
                switch (c[0]) {
                    case "warp": d.warpStrength(0f); break;
                    case "warp big": d.warpStrength(4f); break;
                    case "tolerance": d.keepGeTolerance(-0.1f); break;
                    case "ceiling": d.confidenceCeiling(0f); break;
                    default: d.guardFolds(1); break;
                }
                fail(c[0] + ": expected a refusal");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(c[1]));
            }
        }
    }
}

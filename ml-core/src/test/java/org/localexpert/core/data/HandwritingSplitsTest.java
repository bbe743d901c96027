package org.localexpert.core.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.Test;

/** The experiment's splits on the real data: the counts issue 5 states, and the split rules. */
public class HandwritingSplitsTest {
    private static Dataset train;
    private static Dataset test;

    /** Skips unless the data is present; then {@link #train} and {@link #test} are the shared MNIST parts. */
    private static void assumeData() {
        train = MnistFixture.train();
        test = MnistFixture.test();
    }

    @Test
    public void benchmarkGeTrainingIsSd3OfTrain() {
        assumeData();
        Dataset ge = HandwritingSplits.benchmarkGeTraining(train);
        assertEquals(30_950, ge.size());
        assertEquals(289, ge.byWriter().size());
    }

    @Test
    public void genericTestIsSd3OfT10k() {
        assumeData();
        Dataset generic = HandwritingSplits.genericTest(test);
        assertEquals(4_999, generic.size());
        assertEquals(48, generic.byWriter().size());
    }

    @Test
    public void usersAreSd1WritersSplitInWritingOrder() {
        assumeData();
        List<HandwritingSplits.UserSplit> users = HandwritingSplits.users(train);
        assertEquals(250, users.size());
        Set<Integer> geWriters = HandwritingSplits.benchmarkGeTraining(train).byWriter().keySet();
        int digits = 0, personal = 0;
        for (HandwritingSplits.UserSplit u : users) {
            assertTrue("user " + u.writerId() + " also in GE training", !geWriters.contains(u.writerId()));
            int n = u.personalization().size() + u.heldOut().size();
            assertEquals(n / 2, u.personalization().size());
            int lastPersonal = -1;
            for (Example e : u.personalization().examples()) {
                assertEquals(u.writerId(), e.writerId());
                assertEquals(Mnist.SERIES_SD1, e.series());
                assertTrue("digit-index order", e.digitIndex() > lastPersonal);
                lastPersonal = e.digitIndex();
            }
            Set<Integer> seen = new HashSet<>();
            for (Example e : u.heldOut().examples()) {
                assertEquals(u.writerId(), e.writerId());
                assertTrue("held-out digits come after the personalization digits", e.digitIndex() > lastPersonal);
                assertTrue(seen.add(e.digitIndex()));
            }
            digits += n;
            personal += u.personalization().size();
        }
        // every MNIST train digit is either SD-3 (benchmark GE) or belongs to a user
        assertEquals(60_000 - 30_950, digits);
        System.out.println("handwriting users: " + users.size() + " writers, " + digits + " digits, "
                + personal + " personalization / " + (digits - personal) + " held out, mean "
                + String.format("%.1f", digits / (double) users.size()) + " digits per user");
    }
}

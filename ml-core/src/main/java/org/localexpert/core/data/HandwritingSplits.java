package org.localexpert.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The handwriting experiment's fixed splits of MNIST + QMNIST (issue 5), in code so every number
 * is comparable:
 * <ul>
 * <li><b>Users</b>: every SD-1 (series 4, high-school students) writer of MNIST train. Each user's
 * digits in QMNIST digit-index order (the order they wrote them); the first {@code floor(n/2)} are
 * the personalization set (what the user writes into the phone), the rest are held out.</li>
 * <li><b>Benchmark-GE training set</b>: the SD-3 (series 0, Census employees) digits of MNIST train
 * — 30,950 digits from 289 writers. The benchmark GE never sees a user's handwriting.</li>
 * <li><b>Generic test</b>: the SD-3 digits of MNIST t10k (4,999 digits, 48 writers the benchmark GE never saw).</li>
 * <li><b>Design and evaluation writers</b> (issue 17): the 250 users split by writer id, even = design
 * (125), odd = evaluation (125). Every choice is made on design writers; evaluation writers are
 * scored once. A rule on the id, fixed before any figure was split, so no one can pick the split.</li>
 * </ul>
 */
public final class HandwritingSplits {
    private HandwritingSplits() {
    }

    /** One writer as a user: the digits they teach the phone and the digits they are scored on. */
    public static final class UserSplit {
        private final int writerId;
        private final Dataset personalization;
        private final Dataset heldOut;

        UserSplit(int writerId, Dataset personalization, Dataset heldOut) {
            this.writerId = writerId;
            this.personalization = personalization;
            this.heldOut = heldOut;
        }

        public int writerId() {
            return writerId;
        }

        public Dataset personalization() {
            return personalization;
        }

        public Dataset heldOut() {
            return heldOut;
        }
    }

    /** The SD-1 writers of {@code mnistTrain} as users, in ascending writer id. */
    public static List<UserSplit> users(Dataset mnistTrain) {
        List<UserSplit> users = new ArrayList<>();
        Dataset sd1 = mnistTrain.filter(e -> e.series() == Mnist.SERIES_SD1);
        for (Map.Entry<Integer, Dataset> writer : sd1.byWriter().entrySet()) {
            List<Example> digits = new ArrayList<>(writer.getValue().examples());
            Collections.sort(digits, Comparator.comparingInt(Example::digitIndex));
            int half = digits.size() / 2;
            Dataset whole = writer.getValue();
            users.add(new UserSplit(writer.getKey(),
                    new Dataset(digits.subList(0, half), whole.labelNames(), whole.shape()),
                    new Dataset(digits.subList(half, digits.size()), whole.labelNames(), whole.shape())));
        }
        return users;
    }

    /** The design/evaluation rule: even writer ids design, odd ids evaluation (125 each of the 250 SD-1 writers). */
    public static boolean isDesignWriter(int writerId) {
        return writerId % 2 == 0;
    }

    /** The evaluation writers among {@link #users}, in ascending writer id. */
    public static List<UserSplit> evaluationUsers(Dataset mnistTrain) {
        List<UserSplit> eval = new ArrayList<>();
        for (UserSplit u : users(mnistTrain)) if (!isDesignWriter(u.writerId())) eval.add(u);
        return eval;
    }

    /** Users by writer id (same content as {@link #users}). */
    public static Map<Integer, UserSplit> usersById(Dataset mnistTrain) {
        Map<Integer, UserSplit> byId = new LinkedHashMap<>();
        for (UserSplit u : users(mnistTrain)) byId.put(u.writerId(), u);
        return byId;
    }

    /** The SD-3 digits of MNIST train: what the benchmark GE is trained on. */
    public static Dataset benchmarkGeTraining(Dataset mnistTrain) {
        requireProvenance(mnistTrain);
        return mnistTrain.filter(e -> e.series() == Mnist.SERIES_SD3);
    }

    /** The SD-3 digits of MNIST t10k: generic handwriting none of the users wrote. */
    public static Dataset genericTest(Dataset mnistTest) {
        requireProvenance(mnistTest);
        return mnistTest.filter(e -> e.series() == Mnist.SERIES_SD3);
    }

    private static void requireProvenance(Dataset d) {
        if (!d.isEmpty() && d.get(0).series() == Example.UNKNOWN) {
            throw new DataException("these MNIST digits carry no NIST series: load them with Mnist.load (QMNIST join), not from idx files alone");
        }
    }
}

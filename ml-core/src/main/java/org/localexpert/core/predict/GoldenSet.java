package org.localexpert.core.predict;

import java.util.ArrayList;
import java.util.List;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.moe.Domain;

/**
 * The handful of known inputs the app runs through the GPU and through the CPU the first time it uses a model file
 * ({@link GoldenSetCheck}): {@code golden.bin} beside each shipped GE, in that domain's replay format
 * ({@link Domain#readReplay}), taken from the domain's replay sample — inputs of the GE's own training distribution,
 * so the GE answers them with its usual confidence, and a personal mixture routes them as it routes ordinary inputs.
 * Few, because the check runs on the phone before the first answer and its file ships in the APK.
 */
public final class GoldenSet {
    /** The file beside the GE (and an APK asset beside it). */
    public static final String FILE_NAME = "golden.bin";
    /** Handwriting: one digit of every class (a few KB). */
    public static final int HANDWRITING_SIZE = 10;
    /** Plant: four photos (~30 KB each as JPEG), of classes spread over the labels; the APK has little room left. */
    public static final int PLANT_SIZE = 4;

    private GoldenSet() {}

    public static int size(Domain domain) {
        return domain == Domain.PLANT ? PLANT_SIZE : HANDWRITING_SIZE;
    }

    /**
     * The golden inputs drawn from {@code replay}: the first example of {@code count} classes spread evenly over the
     * labels (class ⌊i·K/count⌋ for i = 0 … count−1), in that order. A pure function of the replay sample, so the
     * shipped file can be checked against it.
     */
    public static Dataset select(Dataset replay, int count) {
        int k = replay.numClasses();
        if (count < 1 || count > k) throw new IllegalArgumentException("a golden set takes 1 to " + k + " inputs (one per class), not " + count);
        List<Example> picked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int wanted = (int) ((long) i * k / count);
            Example first = null;
            for (Example e : replay.examples()) {
                if (e.label() == wanted) {
                    first = e;
                    break;
                }
            }
            if (first == null) throw new IllegalArgumentException("the replay sample has no input of class '" + replay.labelNames().get(wanted) + "'");
            picked.add(first);
        }
        return new Dataset(picked, replay.labelNames(), replay.shape());
    }
}

package org.localexpert.app.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The two things the app can personalize: handwritten characters and plant-leaf photos. */
public final class Domain {
    public static final String HANDWRITING = "handwriting";
    public static final String PLANT = "plant";

    /** Both domains, in the order the home screen shows them. */
    public static final List<String> ALL = Collections.unmodifiableList(Arrays.asList(HANDWRITING, PLANT));

    private Domain() {}

    /** Throws a clear error for anything that is not one of the two domains. */
    public static String check(String domain) {
        if (!HANDWRITING.equals(domain) && !PLANT.equals(domain)) {
            throw new IllegalArgumentException("unknown domain '" + domain + "': expected " + HANDWRITING + " or " + PLANT);
        }
        return domain;
    }
}

package org.localexpert.core.data;

import java.io.File;

/**
 * A development data set is not on this machine. The message names the set, the folder that was
 * looked at and where the set comes from, so a user (or a skipped test) knows what to fetch.
 */
public final class MissingDataException extends DataException {
    private final String set;

    public MissingDataException(String set, File expectedAt) {
        super("data set '" + set + "' not found at " + expectedAt.getPath() + " — it comes from "
                + DataLocation.origin(set) + "; point --data (or -Dlocalexpert.data) at the folder holding it");
        this.set = set;
    }

    /** The data set's folder name, e.g. {@code mnist}. */
    public String set() {
        return set;
    }
}

package org.localexpert.app.data;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The user's labelled samples: image files plus database rows. Every call blocks: call it off the main thread. */
public interface SampleRepository {
    /** Sources of a sample. */
    String SOURCE_CANVAS = "canvas";
    String SOURCE_CAMERA = "camera";
    String SOURCE_GALLERY = "gallery";

    /**
     * Stores one sample: the file is written atomically first, then the row. The held-out flag is assigned by
     * a fixed per-class rule. Throws IllegalArgumentException (user-readable) for a bad label or empty image.
     */
    SampleRecord add(String domain, String label, byte[] encodedImage, String source);

    /** All samples of a domain, oldest first. */
    List<SampleRecord> list(String domain);

    /** The training (heldOut = false) or held-out samples of a domain, oldest first. */
    default List<SampleRecord> list(String domain, boolean heldOut) {
        List<SampleRecord> out = new ArrayList<>();
        for (SampleRecord s : list(domain)) if (s.heldOut == heldOut) out.add(s);
        return out;
    }

    /** Samples per label (labels without samples are absent), sorted by label. */
    Map<String, Integer> countsByLabel(String domain);

    /** The minimum number of samples per class before "Train my model" is allowed. */
    int minimumPerClass(String domain);

    /** The shipped GE's labels followed by the ones the user added. */
    List<String> labels(String domain);

    /** Adds a user label; throws IllegalArgumentException with a user-readable message for bad names. */
    void addLabel(String domain, String label);

    void relabel(long id, String label);

    /** Deletes the row and its image file. */
    void delete(long id);

    /** The absolute image file of a sample. */
    File imageFile(SampleRecord s);
}

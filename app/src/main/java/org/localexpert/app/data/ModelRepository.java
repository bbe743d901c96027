package org.localexpert.app.data;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** The models of each domain: the shipped GE and the kept personal versions. Blocking: call off the main thread. */
public interface ModelRepository {
    /** Never null: the shipped GE when there is no active personal model. */
    ModelInfo active(String domain);

    /** Newest first, including inactive kept versions; the shipped GE last. */
    List<ModelInfo> history(String domain);

    /** The previous version (or the shipped GE) becomes active. */
    void rollback(String domain);

    /** The active model's .tflite bytes, checked against the checksum recorded at install (the shipped GE when none): for Grad-CAM. */
    byte[] activeBytes(String domain) throws IOException;

    /** Writes the active model's .tflite to {@code out} (the user's SAF export); does not close it. */
    void exportActive(String domain, OutputStream out) throws IOException;
}

package org.localexpert.app.data;

import java.io.File;
import java.util.List;

/** The plant diagnosis history. Blocking: call off the main thread. */
public interface DiagnosisRepository {
    /** Stores the photo atomically, then the row; returns the stored record (with id and imageFile). */
    DiagnosisRecord add(DiagnosisRecord d, byte[] jpeg);

    /** Newest first. */
    List<DiagnosisRecord> list();

    void setNote(long id, String note);

    /** Deletes one diagnosis and its photo; false when there is none with that id. */
    boolean delete(long id);

    /** Where the photo of {@code d} is stored. */
    File photo(DiagnosisRecord d);
}

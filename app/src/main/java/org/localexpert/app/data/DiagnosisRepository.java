package org.localexpert.app.data;

import java.util.List;

/** The plant diagnosis history. Blocking: call off the main thread. */
public interface DiagnosisRepository {
    /** Stores the photo atomically, then the row; returns the stored record (with id and imageFile). */
    DiagnosisRecord add(DiagnosisRecord d, byte[] jpeg);

    /** Newest first. */
    List<DiagnosisRecord> list();

    void setNote(long id, String note);
}

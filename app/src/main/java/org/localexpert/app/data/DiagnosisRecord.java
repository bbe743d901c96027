package org.localexpert.app.data;

/** One plant diagnosis in the history. */
public final class DiagnosisRecord {
    public long id;
    /** Milliseconds since the epoch. */
    public long created;
    public String label;
    public float probability;
    /** "GLOBAL" or "LOCAL" (Prediction.Expert names). */
    public String expert;
    public boolean unsure;
    /** Photo path relative to filesDir (set by the repository). */
    public String imageFile;
    public String note;

    public DiagnosisRecord() {}

    public DiagnosisRecord(long created, String label, float probability, String expert, boolean unsure, String note) {
        this.created = created;
        this.label = label;
        this.probability = probability;
        this.expert = expert;
        this.unsure = unsure;
        this.note = note;
    }
}

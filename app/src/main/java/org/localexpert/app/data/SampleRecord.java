package org.localexpert.app.data;

/** One labelled sample as the UI sees it. The image bytes live in {@link #file}, relative to filesDir. */
public final class SampleRecord {
    public long id;
    public String domain;
    public String label;
    /** Path of the encoded image (PNG or JPEG), relative to the app's private files directory. */
    public String file;
    /** "canvas", "camera" or "gallery". */
    public String source;
    /** Milliseconds since the epoch. */
    public long created;
    /** Held-out samples are never trained on: they measure a personal model before it is installed. */
    public boolean heldOut;

    public SampleRecord() {}

    public SampleRecord(long id, String domain, String label, String file, String source, long created, boolean heldOut) {
        this.id = id;
        this.domain = domain;
        this.label = label;
        this.file = file;
        this.source = source;
        this.created = created;
        this.heldOut = heldOut;
    }

    @Override
    public String toString() {
        return "Sample#" + id + " " + domain + "/" + label + (heldOut ? " (held out)" : "");
    }
}

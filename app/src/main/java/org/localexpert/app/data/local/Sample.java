package org.localexpert.app.data.local;

import androidx.annotation.NonNull;
import androidx.room.ColumnInfo;
import androidx.room.Entity;
import androidx.room.Index;
import androidx.room.PrimaryKey;

/**
 * One labelled example the user gave the app: a drawn character or a leaf photo. The pixels live in an
 * app-private file; the row says what it shows and where it came from. Held-out samples are never trained
 * on: they measure the personal model before it replaces the shipped one.
 */
@Entity(tableName = "samples", indices = {@Index({"domain", "label"})})
public class Sample {

    /** Where a sample came from: the drawing canvas, the camera, or the gallery. */
    public static final String SOURCE_CANVAS = "canvas";
    public static final String SOURCE_CAMERA = "camera";
    public static final String SOURCE_GALLERY = "gallery";

    @PrimaryKey(autoGenerate = true)
    public long id;

    /** "handwriting" or "plant". */
    @NonNull
    public String domain;

    @NonNull
    public String label;

    /** Path of the image, relative to the app's private files directory. */
    @NonNull
    public String file;

    @NonNull
    public String source;

    /** Creation time, milliseconds since the epoch. */
    public long created;

    @ColumnInfo(name = "held_out")
    public boolean heldOut;

    public Sample(@NonNull String domain, @NonNull String label, @NonNull String file, @NonNull String source,
                  long created, boolean heldOut) {
        this.domain = domain;
        this.label = label;
        this.file = file;
        this.source = source;
        this.created = created;
        this.heldOut = heldOut;
    }
}

package org.localexpert.app.data.local;

import androidx.room.ColumnInfo;
import androidx.room.Entity;
import androidx.room.PrimaryKey;

/** One plant diagnosis in the history: what the model said about which photo, and the user's note. */
@Entity(tableName = "diagnoses")
public class DiagnosisEntity {
    @PrimaryKey(autoGenerate = true)
    public long id;

    public long created;

    public String label;

    public float probability;

    /** "GLOBAL" or "LOCAL". */
    public String expert;

    public boolean unsure;

    /** Photo, relative to filesDir. */
    @ColumnInfo(name = "photo_file")
    public String photoFile;

    public String note;
}

package org.localexpert.app.data.local;

import androidx.annotation.NonNull;
import androidx.room.ColumnInfo;
import androidx.room.Entity;
import androidx.room.Index;
import androidx.room.PrimaryKey;

/**
 * A label the user has used in a domain beyond the shipped GE's own (a new character, a disease of their farm).
 * Kept as rows, not derived from samples, so a label the user typed stays offered before its first sample.
 */
@Entity(tableName = "labels", indices = {@Index(value = {"domain", "name"}, unique = true)})
public class LabelEntity {
    @PrimaryKey(autoGenerate = true)
    public long id;

    @NonNull
    public String domain = "";

    @NonNull
    public String name = "";

    public long created;

    /** True when the user typed it as a new label; false when it came in with samples (e.g. by migration). */
    @ColumnInfo(name = "user_added")
    public boolean userAdded;
}

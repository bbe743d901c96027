package org.localexpert.app.data.local;

import androidx.annotation.NonNull;
import androidx.room.ColumnInfo;
import androidx.room.Entity;
import androidx.room.Index;
import androidx.room.PrimaryKey;

/**
 * The database's view of one personal model version. The model store (files + checksummed manifest) is the
 * source of truth for which files exist and which is active; these rows mirror it, with the metrics, and are
 * re-synchronised from the store whenever it is opened (so a crash between the two cannot leave them apart).
 */
@Entity(tableName = "personal_models", indices = {@Index(value = {"domain", "version"}, unique = true)})
public class PersonalModelEntity {
    @PrimaryKey(autoGenerate = true)
    public long id;

    @NonNull
    public String domain = "";

    /** The store's version id ("v1", "v2", ...). */
    @NonNull
    public String version = "";

    /** Model file, relative to filesDir. */
    @NonNull
    public String file = "";

    /** GeHash of the global expert it was trained against. */
    @NonNull
    @ColumnInfo(name = "ge_hash")
    public String geHash = "";

    public long created;

    /** Held-out accuracy before/after, overall and per class, as JSON (see ModelMetrics). */
    @NonNull
    public String metrics = "{}";

    public boolean active;

    @ColumnInfo(name = "sha256")
    public String sha256;
}

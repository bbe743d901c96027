package org.localexpert.app.data.local;

import androidx.room.Dao;
import androidx.room.Insert;
import androidx.room.OnConflictStrategy;
import androidx.room.Query;

import java.util.List;

@Dao
public interface LabelDao {
    /** Ignores a label the domain already has. */
    @Insert(onConflict = OnConflictStrategy.IGNORE)
    long insert(LabelEntity label);

    @Query("SELECT * FROM labels WHERE domain = :domain ORDER BY created, id")
    List<LabelEntity> byDomain(String domain);

    @Query("DELETE FROM labels")
    int deleteAll();
}

package org.localexpert.app.data.local;

import androidx.room.Dao;
import androidx.room.Insert;
import androidx.room.OnConflictStrategy;
import androidx.room.Query;

import java.util.List;

@Dao
public interface PersonalModelDao {
    @Insert(onConflict = OnConflictStrategy.REPLACE)
    long upsert(PersonalModelEntity m);

    @Query("SELECT * FROM personal_models WHERE domain = :domain ORDER BY created DESC, id DESC")
    List<PersonalModelEntity> byDomain(String domain);

    @Query("SELECT * FROM personal_models WHERE domain = :domain AND version = :version")
    PersonalModelEntity find(String domain, String version);

    @Query("DELETE FROM personal_models WHERE domain = :domain AND version = :version")
    int delete(String domain, String version);

    @Query("UPDATE personal_models SET active = (version = :activeVersion) WHERE domain = :domain")
    int setActive(String domain, String activeVersion);

    @Query("DELETE FROM personal_models")
    int deleteAll();
}

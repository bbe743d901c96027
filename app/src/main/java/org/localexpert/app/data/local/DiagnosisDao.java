package org.localexpert.app.data.local;

import androidx.room.Dao;
import androidx.room.Insert;
import androidx.room.Query;

import java.util.List;

@Dao
public interface DiagnosisDao {
    @Insert
    long insert(DiagnosisEntity d);

    @Query("SELECT * FROM diagnoses ORDER BY created DESC, id DESC")
    List<DiagnosisEntity> all();

    @Query("SELECT * FROM diagnoses WHERE id = :id")
    DiagnosisEntity byId(long id);

    @Query("UPDATE diagnoses SET note = :note WHERE id = :id")
    int setNote(long id, String note);

    @Query("DELETE FROM diagnoses WHERE id = :id")
    int delete(long id);

    @Query("DELETE FROM diagnoses")
    int deleteAll();
}

package org.localexpert.app.data.local;

import androidx.room.Dao;
import androidx.room.Insert;
import androidx.room.Query;

import java.util.List;

/** Reads and writes the user's samples. Called off the main thread (Room refuses the main thread). */
@Dao
public interface SampleDao {

    /** Stores a sample and returns its new id. */
    @Insert
    long insert(Sample sample);

    @Query("SELECT * FROM samples WHERE id = :id")
    Sample byId(long id);

    /** All samples of a domain, oldest first. */
    @Query("SELECT * FROM samples WHERE domain = :domain ORDER BY created, id")
    List<Sample> byDomain(String domain);

    /** How many samples per label a domain has: what the personalize screen shows. */
    @Query("SELECT label, COUNT(*) AS count FROM samples WHERE domain = :domain GROUP BY label ORDER BY label")
    List<LabelCount> countsByLabel(String domain);

    @Query("UPDATE samples SET label = :label, held_out = :heldOut WHERE id = :id")
    int relabel(long id, String label, boolean heldOut);

    /** How many samples a class has (the held-out rule counts them). */
    @Query("SELECT COUNT(*) FROM samples WHERE domain = :domain AND label = :label")
    int countOf(String domain, String label);

    @Query("SELECT * FROM samples WHERE domain = :domain AND held_out = :heldOut ORDER BY created, id")
    List<Sample> byDomain(String domain, boolean heldOut);

    @Query("SELECT * FROM samples ORDER BY id")
    List<Sample> all();

    @Query("DELETE FROM samples WHERE id = :id")
    int delete(long id);

    @Query("DELETE FROM samples")
    int deleteAll();

    /** A label and how many samples carry it. */
    final class LabelCount {
        public String label;
        public int count;
    }
}

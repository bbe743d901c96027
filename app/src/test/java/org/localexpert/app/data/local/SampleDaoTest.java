package org.localexpert.app.data.local;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import android.content.Context;

import androidx.room.Room;
import androidx.test.core.app.ApplicationProvider;

import java.io.File;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;

/** Samples stored through Room in a real SQLite file survive closing and reopening the database. */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = {26, 36})
public class SampleDaoTest {

    private static final String NAME = "samples-test.db";
    private Context context;
    private LocalExpertDatabase db;

    @Before
    public void openFreshDatabase() {
        context = ApplicationProvider.getApplicationContext();
        context.deleteDatabase(NAME);
        db = open();
    }

    @After
    public void close() {
        if (db != null) db.close();
        context.deleteDatabase(NAME);
    }

    private LocalExpertDatabase open() {
        // The production builder, plus main-thread queries so the test can stay sequential.
        return Room.databaseBuilder(context, LocalExpertDatabase.class, NAME).allowMainThreadQueries().build();
    }

    @Test
    public void samplesSurviveClosingAndReopening() {
        long seven = db.samples().insert(new Sample("handwriting", "7", "samples/a.png", Sample.SOURCE_CANVAS, 1000L, false));
        db.samples().insert(new Sample("handwriting", "7", "samples/b.png", Sample.SOURCE_CANVAS, 2000L, true));
        db.samples().insert(new Sample("plant", "Rust", "samples/c.jpg", Sample.SOURCE_CAMERA, 3000L, false));
        db.close();
        db = null;

        File file = context.getDatabasePath(NAME);
        assertTrue("database file on disk: " + file, file.isFile() && file.length() > 0);

        db = open();
        List<Sample> handwriting = db.samples().byDomain("handwriting");
        assertEquals(2, handwriting.size());
        Sample first = db.samples().byId(seven);
        assertEquals("7", first.label);
        assertEquals("samples/a.png", first.file);
        assertEquals(Sample.SOURCE_CANVAS, first.source);
        assertEquals(1000L, first.created);
        assertFalse(first.heldOut);
        assertTrue(handwriting.get(1).heldOut);
        assertEquals(1, db.samples().byDomain("plant").size());
    }

    @Test
    public void countsRelabelAndDelete() {
        long a = db.samples().insert(new Sample("handwriting", "1", "a.png", Sample.SOURCE_CANVAS, 1L, false));
        db.samples().insert(new Sample("handwriting", "1", "b.png", Sample.SOURCE_CANVAS, 2L, false));
        db.samples().insert(new Sample("handwriting", "2", "c.png", Sample.SOURCE_CANVAS, 3L, false));

        List<SampleDao.LabelCount> counts = db.samples().countsByLabel("handwriting");
        assertEquals(2, counts.size());
        assertEquals("1", counts.get(0).label);
        assertEquals(2, counts.get(0).count);
        assertEquals(1, counts.get(1).count);

        assertEquals(1, db.samples().relabel(a, "2", false));
        assertEquals(2, db.samples().countsByLabel("handwriting").get(1).count);

        assertEquals(1, db.samples().delete(a));
        assertNull(db.samples().byId(a));
        assertEquals(2, db.samples().deleteAll());
        assertTrue(db.samples().byDomain("handwriting").isEmpty());
    }
}

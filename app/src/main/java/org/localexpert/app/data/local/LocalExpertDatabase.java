package org.localexpert.app.data.local;

import android.content.Context;

import androidx.room.Database;
import androidx.room.Room;
import androidx.room.RoomDatabase;

/**
 * The app's database, in app-private storage. Its schema is exported to app/schemas/ at every build so
 * that each released version stays available for migration tests.
 */
@Database(entities = {Sample.class}, version = 1, exportSchema = true)
public abstract class LocalExpertDatabase extends RoomDatabase {

    /** File name of the database in the app's private database directory. */
    public static final String FILE_NAME = "localexpert.db";

    public abstract SampleDao samples();

    /** Opens (creating on first use) the database file {@code name} in the app's database directory. */
    public static LocalExpertDatabase open(Context context, String name) {
        return Room.databaseBuilder(context.getApplicationContext(), LocalExpertDatabase.class, name).build();
    }
}

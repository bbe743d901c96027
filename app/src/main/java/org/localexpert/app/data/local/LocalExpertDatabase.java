package org.localexpert.app.data.local;

import android.content.Context;

import androidx.room.Database;
import androidx.room.Room;
import androidx.room.RoomDatabase;

/**
 * The app's database, in app-private storage. Its schema is exported to app/schemas/ at every build so
 * that each released version stays available for migration tests ({@link Migrations} holds every step).
 *
 * <p>Version history: 1 = samples only (released); 2 = + labels, personal_models, training_runs, diagnoses.
 */
@Database(entities = {Sample.class, LabelEntity.class, PersonalModelEntity.class, TrainingRunEntity.class, DiagnosisEntity.class},
        version = 2, exportSchema = true)
public abstract class LocalExpertDatabase extends RoomDatabase {

    /** File name of the database in the app's private database directory. */
    public static final String FILE_NAME = "localexpert.db";

    public abstract SampleDao samples();

    public abstract LabelDao labels();

    public abstract PersonalModelDao personalModels();

    public abstract TrainingRunDao trainingRuns();

    public abstract DiagnosisDao diagnoses();

    /**
     * Opens (creating on first use) the database file {@code name} in the app's database directory, migrating
     * older versions. No destructive fallback: a missing migration must fail loudly, never wipe the user's data.
     */
    public static LocalExpertDatabase open(Context context, String name) {
        return Room.databaseBuilder(context.getApplicationContext(), LocalExpertDatabase.class, name)
                .addMigrations(Migrations.ALL)
                .build();
    }

    /** As {@link #open}, also allowing queries on the calling thread (Robolectric tests run on the main thread). */
    public static LocalExpertDatabase openForTests(Context context, String name) {
        return Room.databaseBuilder(context.getApplicationContext(), LocalExpertDatabase.class, name)
                .addMigrations(Migrations.ALL)
                .allowMainThreadQueries()
                .build();
    }

    /** An in-memory database (tests). */
    public static LocalExpertDatabase inMemory(Context context) {
        return Room.inMemoryDatabaseBuilder(context.getApplicationContext(), LocalExpertDatabase.class)
                .allowMainThreadQueries()
                .build();
    }
}

package org.localexpert.app.data.local;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import android.content.ContentValues;
import android.content.Context;
import android.database.Cursor;
import android.database.sqlite.SQLiteDatabase;

import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Migrations from every released schema version (each app/schemas/.../N.json below the current version): a
 * database is built exactly as version N created it (the exported createSql and setup queries), filled with rows,
 * then opened by the current app. Room validates every migrated table against the current schema (it refuses to
 * open otherwise); the test also checks that the rows survived and that the migrated tables equal the ones a fresh
 * install creates. (room-testing's MigrationTestHelper is not on Maven Central.)
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
public class MigrationTest {
    private static final File SCHEMAS = new File("schemas/" + LocalExpertDatabase.class.getName());
    private final Context context = ApplicationProvider.getApplicationContext();

    @Test
    public void everyReleasedVersionMigratesToTheCurrentOneKeepingTheRows() throws Exception {
        int current = currentVersion();
        List<Integer> released = new ArrayList<>();
        for (String n : SCHEMAS.list()) {
            int v = Integer.parseInt(n.replace(".json", ""));
            if (v < current) released.add(v);
        }
        assertTrue("the released schema 1.json must be kept in " + SCHEMAS.getAbsolutePath(), released.contains(1));
        Map<String, String> fresh = freshTables();
        for (int version : released) {
            String name = "migrate-from-" + version + ".db";
            context.deleteDatabase(name);
            File file = context.getDatabasePath(name);
            file.getParentFile().mkdirs();
            try (SQLiteDatabase old = SQLiteDatabase.openOrCreateDatabase(file, null)) {
                create(old, version);
                insertSamples(old);
            }
            LocalExpertDatabase db = LocalExpertDatabase.openForTests(context, name);
            try {
                List<Sample> samples = db.samples().byDomain("handwriting");
                assertEquals("rows of version " + version + " kept", 3, samples.size());
                assertEquals("7", samples.get(0).label);
                assertEquals("samples/handwriting/a.png", samples.get(0).file);
                assertTrue(samples.get(2).heldOut);
                assertEquals("labels of existing samples carried into the labels table", 2, db.labels().byDomain("handwriting").size());
                assertEquals(0, db.diagnoses().all().size());
                assertEquals("migrated tables equal a fresh install's", fresh, tables(db.getOpenHelper().getReadableDatabase().query("SELECT name, sql FROM sqlite_master WHERE type IN ('table','index') AND name NOT LIKE 'sqlite_%' AND name != 'android_metadata' AND name != 'room_master_table'")));
            } finally {
                db.close();
                context.deleteDatabase(name);
            }
        }
    }

    private Map<String, String> freshTables() {
        context.deleteDatabase("fresh.db");
        LocalExpertDatabase db = LocalExpertDatabase.openForTests(context, "fresh.db");
        try {
            return tables(db.getOpenHelper().getReadableDatabase().query("SELECT name, sql FROM sqlite_master WHERE type IN ('table','index') AND name NOT LIKE 'sqlite_%' AND name != 'android_metadata' AND name != 'room_master_table'"));
        } finally {
            db.close();
            context.deleteDatabase("fresh.db");
        }
    }

    /** Table/index name → its SQL with "IF NOT EXISTS" and spacing normalised. */
    private static Map<String, String> tables(Cursor c) {
        Map<String, String> out = new TreeMap<>();
        try {
            while (c.moveToNext()) {
                String sql = c.getString(1);
                out.put(c.getString(0), sql == null ? "" : sql.replace("IF NOT EXISTS ", "").replaceAll("\\s+", " ").trim());
            }
        } finally {
            c.close();
        }
        return out;
    }

    private static int currentVersion() throws Exception {
        int max = 0;
        for (String n : SCHEMAS.list()) max = Math.max(max, Integer.parseInt(n.replace(".json", "")));
        JSONObject db = json(max).getJSONObject("database");
        assertEquals(max, db.getInt("version"));
        return max;
    }

    private static JSONObject json(int version) throws Exception {
        return new JSONObject(new String(Files.readAllBytes(new File(SCHEMAS, version + ".json").toPath()), StandardCharsets.UTF_8));
    }

    /** Creates the schema of {@code version} as Room did: tables, indices, the identity hash, user_version. */
    private static void create(SQLiteDatabase db, int version) throws Exception {
        JSONObject d = json(version).getJSONObject("database");
        JSONArray entities = d.getJSONArray("entities");
        for (int i = 0; i < entities.length(); i++) {
            JSONObject e = entities.getJSONObject(i);
            String table = e.getString("tableName");
            db.execSQL(e.getString("createSql").replace("${TABLE_NAME}", table));
            JSONArray indices = e.optJSONArray("indices");
            if (indices != null) {
                for (int j = 0; j < indices.length(); j++) db.execSQL(indices.getJSONObject(j).getString("createSql").replace("${TABLE_NAME}", table));
            }
        }
        JSONArray setup = d.getJSONArray("setupQueries");
        for (int i = 0; i < setup.length(); i++) db.execSQL(setup.getString(i));
        db.setVersion(version);
    }

    private static void insertSamples(SQLiteDatabase db) {
        String[][] rows = {{"7", "samples/handwriting/a.png", "0"}, {"7", "samples/handwriting/b.png", "0"}, {"x", "samples/handwriting/c.png", "1"}};
        long t = 1_700_000_000_000L;
        for (String[] r : rows) {
            ContentValues v = new ContentValues();
            v.put("domain", "handwriting");
            v.put("label", r[0]);
            v.put("file", r[1]);
            v.put("source", "canvas");
            v.put("created", t++);
            v.put("held_out", Integer.parseInt(r[2]));
            db.insertOrThrow("samples", null, v);
        }
    }
}

package org.localexpert.app.data.local;

import androidx.room.migration.Migration;
import androidx.sqlite.db.SupportSQLiteDatabase;

/**
 * Every schema step since the first release. The CREATE statements are those of the exported schema
 * (app/schemas/.../2.json): Room validates the migrated tables against it when the database opens, and
 * MigrationTest checks the same from every released version.
 */
public final class Migrations {
    private Migrations() {}

    /** 1 → 2: the tables for labels, personal models, training runs and diagnoses; samples unchanged. */
    public static final Migration MIGRATION_1_2 = new Migration(1, 2) {
        @Override
        public void migrate(SupportSQLiteDatabase db) {
            db.execSQL("CREATE TABLE IF NOT EXISTS `labels` (`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, `domain` TEXT NOT NULL, "
                    + "`name` TEXT NOT NULL, `created` INTEGER NOT NULL, `user_added` INTEGER NOT NULL)");
            db.execSQL("CREATE UNIQUE INDEX IF NOT EXISTS `index_labels_domain_name` ON `labels` (`domain`, `name`)");
            db.execSQL("CREATE TABLE IF NOT EXISTS `personal_models` (`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, `domain` TEXT NOT NULL, "
                    + "`version` TEXT NOT NULL, `file` TEXT NOT NULL, `ge_hash` TEXT NOT NULL, `created` INTEGER NOT NULL, "
                    + "`metrics` TEXT NOT NULL, `active` INTEGER NOT NULL, `sha256` TEXT)");
            db.execSQL("CREATE UNIQUE INDEX IF NOT EXISTS `index_personal_models_domain_version` ON `personal_models` (`domain`, `version`)");
            db.execSQL("CREATE TABLE IF NOT EXISTS `training_runs` (`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, `domain` TEXT NOT NULL, "
                    + "`state` TEXT NOT NULL, `stage` TEXT NOT NULL, `progress` REAL NOT NULL, `error` TEXT, `started` INTEGER NOT NULL, "
                    + "`updated` INTEGER NOT NULL, `finished` INTEGER NOT NULL, `candidate_sha256` TEXT, `model_version` TEXT)");
            db.execSQL("CREATE INDEX IF NOT EXISTS `index_training_runs_domain_state` ON `training_runs` (`domain`, `state`)");
            db.execSQL("CREATE TABLE IF NOT EXISTS `diagnoses` (`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, `created` INTEGER NOT NULL, "
                    + "`label` TEXT, `probability` REAL NOT NULL, `expert` TEXT, `unsure` INTEGER NOT NULL, `photo_file` TEXT, `note` TEXT)");
            // Labels the user already taught in version 1 live only in their samples: keep offering them.
            db.execSQL("INSERT OR IGNORE INTO `labels` (`domain`, `name`, `created`, `user_added`) "
                    + "SELECT `domain`, `label`, MIN(`created`), 0 FROM `samples` GROUP BY `domain`, `label`");
        }
    };

    public static final Migration[] ALL = {MIGRATION_1_2};
}

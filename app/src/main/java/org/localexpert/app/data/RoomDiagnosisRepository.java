package org.localexpert.app.data;

import android.util.Log;

import org.localexpert.app.data.local.DiagnosisEntity;
import org.localexpert.app.data.local.LocalExpertDatabase;
import org.localexpert.core.store.AtomicFile;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The diagnosis history: the photo written atomically under files/diagnoses/, then the row. */
public final class RoomDiagnosisRepository implements DiagnosisRepository {
    private final LocalExpertDatabase db;
    private final AppFiles files;
    private final AtomicFile atomic;

    public RoomDiagnosisRepository(LocalExpertDatabase db, AppFiles files, AtomicFile atomic) {
        this.db = db;
        this.files = files;
        this.atomic = atomic;
    }

    @Override
    public DiagnosisRecord add(DiagnosisRecord d, byte[] jpeg) {
        String ext = ImageBytes.extension(jpeg);
        File photo = new File(files.diagnoses(), UUID.randomUUID() + "." + ext);
        try {
            atomic.write(photo.toPath(), jpeg);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the photo (" + e.getMessage() + "); the diagnosis was not stored.", e);
        }
        DiagnosisEntity e = new DiagnosisEntity();
        e.created = d.created != 0 ? d.created : System.currentTimeMillis();
        e.label = d.label;
        e.probability = d.probability;
        e.expert = d.expert;
        e.unsure = d.unsure;
        e.photoFile = files.relative(photo);
        e.note = d.note;
        try {
            e.id = db.diagnoses().insert(e);
        } catch (RuntimeException ex) {
            photo.delete();
            throw ex;
        }
        return record(e);
    }

    @Override
    public List<DiagnosisRecord> list() {
        List<DiagnosisRecord> out = new ArrayList<>();
        for (DiagnosisEntity e : db.diagnoses().all()) out.add(record(e));
        return out;
    }

    @Override
    public void setNote(long id, String note) {
        if (note != null && note.length() > 2000) throw new IllegalArgumentException("A note can have at most 2000 characters.");
        db.diagnoses().setNote(id, note);
    }

    /**
     * The row goes first: a photo whose row is gone is never shown again (and "delete all my data" removes the whole
     * folder), while a row whose photo is gone would still be listed.
     */
    @Override
    public boolean delete(long id) {
        DiagnosisEntity e = db.diagnoses().byId(id);
        if (e == null || db.diagnoses().delete(id) == 0) return false;
        if (e.photoFile != null) {
            try {
                atomic.delete(files.resolve(e.photoFile).toPath());
            } catch (IOException | IllegalArgumentException ex) {
                Log.w("LocalExpert", "the photo of diagnosis " + id + " could not be deleted: " + ex.getMessage());
            }
        }
        return true;
    }

    @Override
    public File photo(DiagnosisRecord d) {
        return files.resolve(d.imageFile);
    }

    private static DiagnosisRecord record(DiagnosisEntity e) {
        DiagnosisRecord d = new DiagnosisRecord(e.created, e.label, e.probability, e.expert, e.unsure, e.note);
        d.id = e.id;
        d.imageFile = e.photoFile;
        return d;
    }
}

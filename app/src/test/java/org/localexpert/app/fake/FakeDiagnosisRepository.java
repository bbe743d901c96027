package org.localexpert.app.fake;

import org.localexpert.app.data.DiagnosisRecord;
import org.localexpert.app.data.DiagnosisRepository;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** In-memory diagnosis history (photos kept in memory only). */
public class FakeDiagnosisRepository implements DiagnosisRepository {
    private final List<DiagnosisRecord> rows = new ArrayList<>();
    public final List<byte[]> photos = new ArrayList<>();
    private long nextId = 1;

    @Override
    public synchronized DiagnosisRecord add(DiagnosisRecord d, byte[] jpeg) {
        d.id = nextId++;
        if (d.created == 0) d.created = System.currentTimeMillis();
        d.imageFile = "diagnoses/" + d.id + ".jpg";
        rows.add(0, d);
        photos.add(jpeg);
        return d;
    }

    @Override
    public synchronized List<DiagnosisRecord> list() {
        return new ArrayList<>(rows);
    }

    @Override
    public synchronized void setNote(long id, String note) {
        for (DiagnosisRecord d : rows) if (d.id == id) d.note = note;
    }

    @Override
    public synchronized boolean delete(long id) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id == id) {
                rows.remove(i);
                photos.remove(photos.size() - 1 - i); // photos are in the order added, rows newest first
                return true;
            }
        }
        return false;
    }

    /** Photos live in memory here: no file. */
    @Override
    public File photo(DiagnosisRecord d) {
        return new File("/nonexistent", d.imageFile);
    }

    public synchronized void clear() {
        rows.clear();
        photos.clear();
    }
}

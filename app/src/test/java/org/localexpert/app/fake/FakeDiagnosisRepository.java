package org.localexpert.app.fake;

import org.localexpert.app.data.DiagnosisRecord;
import org.localexpert.app.data.DiagnosisRepository;

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

    public synchronized void clear() {
        rows.clear();
        photos.clear();
    }
}

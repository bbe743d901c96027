package org.localexpert.app.data;

import org.localexpert.app.data.local.LabelEntity;
import org.localexpert.app.data.local.LocalExpertDatabase;
import org.localexpert.app.data.local.Sample;
import org.localexpert.app.data.local.SampleDao;
import org.localexpert.core.store.AtomicFile;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Samples as image files (written with {@link AtomicFile}: a crash leaves the old state or the complete file)
 * plus Room rows. The file is written before the row and deleted after it, so a row never names a missing
 * file; a file without a row (a crash in between) is removed by {@link #removeOrphans()} at start-up.
 */
public final class RoomSampleRepository implements SampleRepository {
    /** Samples per class before "Train my model" is offered: 4 to train on and 1 held out to measure. */
    /**
     * Samples a class needs in all: enough that, after {@link HeldOutRule} holds some out, the personalizer still
     * gets its minimum ({@link org.localexpert.core.moe.Domain#MIN_PER_CLASS}) to train on. Derived, not restated: 5.
     */
    public static final int MINIMUM_PER_CLASS = minimumWithHeldOut(org.localexpert.core.moe.Domain.MIN_PER_CLASS);

    /** The fewest samples n with n − heldOutCount(n) ≥ {@code taught}. */
    static int minimumWithHeldOut(int taught) {
        int n = taught;
        while (n - HeldOutRule.heldOutCount(n) < taught) n++;
        return n;
    }

    private final LocalExpertDatabase db;
    private final AppFiles files;
    private final AtomicFile atomic;
    private final ShippedModels shipped;

    public RoomSampleRepository(LocalExpertDatabase db, AppFiles files, AtomicFile atomic, ShippedModels shipped) {
        this.db = db;
        this.files = files;
        this.atomic = atomic;
        this.shipped = shipped;
    }

    @Override
    public synchronized SampleRecord add(String domain, String label, byte[] encodedImage, String source) {
        Domain.check(domain);
        String l = Labels.check(label);
        String ext = ImageBytes.extension(encodedImage);
        if (!SOURCE_CANVAS.equals(source) && !SOURCE_CAMERA.equals(source) && !SOURCE_GALLERY.equals(source)) {
            throw new IllegalArgumentException("unknown sample source '" + source + "'");
        }
        File file = new File(files.samples(domain), UUID.randomUUID() + "." + ext);
        try {
            atomic.write(file.toPath(), encodedImage);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the sample (" + e.getMessage() + "); nothing was stored.", e);
        }
        try {
            Sample row = db.runInTransaction(() -> {
                SampleDao dao = db.samples();
                boolean heldOut = HeldOutRule.heldOut(dao.countOf(domain, l));
                Sample s = new Sample(domain, l, files.relative(file), source, System.currentTimeMillis(), heldOut);
                s.id = dao.insert(s);
                rememberLabel(domain, l, false);
                return s;
            });
            return record(row);
        } catch (RuntimeException e) {
            file.delete();
            throw e;
        }
    }

    @Override
    public List<SampleRecord> list(String domain) {
        List<SampleRecord> out = new ArrayList<>();
        for (Sample s : db.samples().byDomain(Domain.check(domain))) out.add(record(s));
        return out;
    }

    @Override
    public List<SampleRecord> list(String domain, boolean heldOut) {
        List<SampleRecord> out = new ArrayList<>();
        for (Sample s : db.samples().byDomain(Domain.check(domain), heldOut)) out.add(record(s));
        return out;
    }

    @Override
    public Map<String, Integer> countsByLabel(String domain) {
        Map<String, Integer> counts = new TreeMap<>();
        for (SampleDao.LabelCount c : db.samples().countsByLabel(Domain.check(domain))) counts.put(c.label, c.count);
        return counts;
    }

    @Override
    public int minimumPerClass(String domain) {
        Domain.check(domain);
        return MINIMUM_PER_CLASS;
    }

    @Override
    public List<String> labels(String domain) {
        Set<String> out = new LinkedHashSet<>(shipped.labels(domain));
        for (LabelEntity e : db.labels().byDomain(domain)) out.add(e.name);
        return new ArrayList<>(out);
    }

    @Override
    public void addLabel(String domain, String label) {
        Domain.check(domain);
        rememberLabel(domain, Labels.check(label), true);
    }

    private void rememberLabel(String domain, String label, boolean typed) {
        if (shipped.labels(domain).contains(label)) return;
        LabelEntity e = new LabelEntity();
        e.domain = domain;
        e.name = label;
        e.created = System.currentTimeMillis();
        e.userAdded = typed;
        db.labels().insert(e);
    }

    @Override
    public synchronized void relabel(long id, String label) {
        String l = Labels.check(label);
        db.runInTransaction(() -> {
            Sample s = db.samples().byId(id);
            if (s == null) throw new IllegalArgumentException("That sample no longer exists.");
            if (s.label.equals(l)) return;
            // The sample takes the next position in its new class, so the class keeps its held-out share.
            boolean heldOut = HeldOutRule.heldOut(db.samples().countOf(s.domain, l));
            db.samples().relabel(id, l, heldOut);
            rememberLabel(s.domain, l, false);
        });
    }

    @Override
    public synchronized void delete(long id) {
        Sample s = db.samples().byId(id);
        if (s == null) return;
        db.samples().delete(id);
        try {
            atomic.delete(files.resolve(s.file).toPath());
        } catch (IOException e) {
            // The row is gone; the orphaned file is removed at the next start (removeOrphans).
        }
    }

    @Override
    public File imageFile(SampleRecord s) {
        return files.resolve(s.file);
    }

    /**
     * Deletes sample files no row names (left by a crash between writing a file and its row) and unfinished
     * temporary files. Returns how many files were removed.
     */
    public synchronized int removeOrphans() throws IOException {
        Set<String> named = new HashSet<>();
        for (Sample s : db.samples().all()) named.add(s.file);
        int removed = 0;
        for (String domain : Domain.ALL) {
            File dir = files.samples(domain);
            if (!dir.isDirectory()) continue;
            removed += atomic.cleanTemps(dir.toPath());
            File[] all = dir.listFiles();
            if (all == null) continue;
            for (File f : all) {
                if (f.isFile() && !named.contains(files.relative(f)) && atomic.delete(f.toPath())) removed++;
            }
        }
        return removed;
    }

    static SampleRecord record(Sample s) {
        return new SampleRecord(s.id, s.domain, s.label, s.file, s.source, s.created, s.heldOut);
    }
}

package org.localexpert.app.fake;

import org.localexpert.app.data.Domain;
import org.localexpert.app.data.Labels;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.app.data.SampleRepository;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** In-memory samples (image bytes written to a temporary directory) for UI tests. */
public class FakeSampleRepository implements SampleRepository {
    public static final List<String> DIGITS = Arrays.asList("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    public static final List<String> PLANT_LABELS = Arrays.asList("healthy", "rust", "blight");

    private final File dir;
    private final List<SampleRecord> samples = new ArrayList<>();
    private final Map<String, List<String>> userLabels = new LinkedHashMap<>();
    private long nextId = 1;
    public int minimumPerClass = 5;

    public FakeSampleRepository(File dir) {
        this.dir = dir;
        dir.mkdirs();
    }

    @Override
    public synchronized SampleRecord add(String domain, String label, byte[] encodedImage, String source) {
        Domain.check(domain);
        if (encodedImage == null || encodedImage.length == 0) throw new IllegalArgumentException("the image is empty");
        checkLabel(label);
        long id = nextId++;
        String name = "samples/" + domain + "/" + id + ".img";
        File f = new File(dir, name);
        f.getParentFile().mkdirs();
        try (FileOutputStream out = new FileOutputStream(f)) {
            out.write(encodedImage);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int ofClass = 0;
        for (SampleRecord s : samples) if (s.domain.equals(domain) && s.label.equals(label)) ofClass++;
        SampleRecord r = new SampleRecord(id, domain, label, name, source, System.currentTimeMillis(), ofClass % 4 == 3);
        samples.add(r);
        return r;
    }

    @Override
    public synchronized List<SampleRecord> list(String domain) {
        List<SampleRecord> out = new ArrayList<>();
        for (SampleRecord s : samples) if (s.domain.equals(domain)) out.add(s);
        return out;
    }

    @Override
    public synchronized Map<String, Integer> countsByLabel(String domain) {
        Map<String, Integer> counts = new TreeMap<>();
        for (SampleRecord s : list(domain)) counts.merge(s.label, 1, Integer::sum);
        return counts;
    }

    @Override
    public int minimumPerClass(String domain) {
        return minimumPerClass;
    }

    @Override
    public synchronized List<String> labels(String domain) {
        List<String> out = new ArrayList<>(Domain.HANDWRITING.equals(domain) ? DIGITS : PLANT_LABELS);
        List<String> user = userLabels.get(domain);
        if (user != null) out.addAll(user);
        return out;
    }

    @Override
    public synchronized void addLabel(String domain, String label) {
        Domain.check(domain);
        checkLabel(label);
        if (labels(domain).contains(label)) return;
        userLabels.computeIfAbsent(domain, k -> new ArrayList<>()).add(label);
    }

    @Override
    public synchronized void relabel(long id, String label) {
        checkLabel(label);
        for (SampleRecord s : samples) if (s.id == id) s.label = label;
    }

    @Override
    public synchronized void delete(long id) {
        for (SampleRecord s : new ArrayList<>(samples)) {
            if (s.id == id) {
                new File(dir, s.file).delete();
                samples.remove(s);
            }
        }
    }

    @Override
    public File imageFile(SampleRecord s) {
        return new File(dir, s.file);
    }

    public synchronized void clear() {
        for (SampleRecord s : samples) new File(dir, s.file).delete();
        samples.clear();
        userLabels.clear();
    }

    /** The production rule, so screens meet the same refusals as on a phone. */
    private static void checkLabel(String label) {
        Labels.check(label);
    }
}

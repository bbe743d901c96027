package org.localexpert.core.data;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A folder of labelled images, {@code DIR/<label>/*.png|jpg|jpeg}, as a {@link SampleSource}: the
 * files are listed once (labels = folder names, sorted; a {@code labelMap} renames folders, e.g.
 * {@code seven → 7} or {@code RedRust → Rust}), and each image is decoded and preprocessed only when
 * it is read. Holding a folder of 4000 x 3000 photos therefore costs a list of paths.
 *
 * <p>Listing problems are {@link DataException}s naming the folder: a missing or empty folder, no
 * class folders, a class folder without images. An unreadable or blank image fails its own
 * {@link #load} with a message naming the file.
 */
public final class ImageFolderSource implements SampleSource {
    private final List<String> labels;
    private final List<File> files;
    private final int[] fileLabels;
    private final ImagePreprocessor preprocessor;
    private final ImageDecoder decoder;

    private ImageFolderSource(List<String> labels, List<File> files, int[] fileLabels, ImagePreprocessor preprocessor, ImageDecoder decoder) {
        this.labels = Collections.unmodifiableList(labels);
        this.files = files;
        this.fileLabels = fileLabels;
        this.preprocessor = preprocessor;
        this.decoder = decoder;
    }

    /** Lists {@code dir}; {@code labelMap} (may be empty) renames class folders; two folders mapped to one label are joined. */
    public static ImageFolderSource open(File dir, ImagePreprocessor preprocessor, ImageDecoder decoder, Map<String, String> labelMap) {
        if (!dir.isDirectory()) throw new DataException("not a folder: " + dir.getPath());
        File[] classDirs = dir.listFiles(File::isDirectory);
        if (classDirs == null || classDirs.length == 0) {
            throw new DataException("no class folders in " + dir.getPath() + " — put each class's images in DIR/<label>/, e.g. DIR/7/a.png");
        }
        Arrays.sort(classDirs);
        List<String> labels = new ArrayList<>();
        List<List<File>> byLabel = new ArrayList<>();
        for (File c : classDirs) {
            if (c.getName().startsWith(".")) continue;
            File[] images = c.listFiles(ImageFolderDataset::isImageFile);
            if (images == null || images.length == 0) {
                throw new DataException("class folder " + c.getPath() + " holds no .png/.jpg images — add samples or remove the folder");
            }
            Arrays.sort(images);
            String label = labelMap.containsKey(c.getName()) ? labelMap.get(c.getName()) : c.getName();
            LabelNames.validate(label, c.getPath());
            int existing = labels.indexOf(label);
            if (existing < 0) {
                labels.add(label);
                byLabel.add(new ArrayList<>());
                existing = labels.size() - 1;
            }
            byLabel.get(existing).addAll(Arrays.asList(images));
        }
        if (labels.isEmpty()) throw new DataException("no class folders in " + dir.getPath());
        List<File> files = new ArrayList<>();
        List<Integer> fileLabels = new ArrayList<>();
        for (int c = 0; c < labels.size(); c++) {
            for (File f : byLabel.get(c)) {
                files.add(f);
                fileLabels.add(c);
            }
        }
        int[] l = new int[fileLabels.size()];
        for (int i = 0; i < l.length; i++) l[i] = fileLabels.get(i);
        return new ImageFolderSource(labels, files, l, preprocessor, decoder);
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public List<String> labelNames() {
        return labels;
    }

    @Override
    public int label(int i) {
        return fileLabels[i];
    }

    @Override
    public int[] shape() {
        return preprocessor.shape();
    }

    public File file(int i) {
        return files.get(i);
    }

    @Override
    public String name(int i) {
        return files.get(i).getPath();
    }

    @Override
    public float[] load(int i) {
        File f = files.get(i);
        try {
            return preprocessor.apply(decoder.decode(f, preprocessor.decodeTarget()));
        } catch (DataException e) {
            String m = e.getMessage();
            throw new DataException(m != null && m.contains(f.getPath()) ? m : f.getPath() + ": " + m, e);
        } catch (RuntimeException e) {
            throw new DataException("cannot read image " + f.getPath() + ": " + e.getMessage(), e);
        }
    }

    /** Every image decoded into memory: for evaluation and tests on small folders, never for a phone's training. */
    public Dataset toDataset() {
        List<Example> examples = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) examples.add(new Example(load(i), shape(), label(i), name(i)));
        return new Dataset(examples, labels, shape());
    }
}

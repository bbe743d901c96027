package org.localexpert.core.data;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Loads the usual image-folder layout {@code DIR/<label>/*.png|jpg|jpeg} into a {@link Dataset}:
 * the label is the folder name (optionally renamed by a label map, e.g. RoshitaB's
 * {@code RedRust=Rust}), each image goes through the domain's {@link ImagePreprocessor}.
 *
 * <p>Rules: extensions are matched case-insensitively; hidden files and folders (leading dot) and
 * other files are skipped; subfolders of a class folder are not searched. Label names must not
 * contain path separators or control characters. Classes are ordered by label name and files by
 * name, so a load is deterministic (unless {@link Options#labels} fixes the label order, e.g. to a
 * model's labels). Loading runs on the common fork-join pool; results do not depend on timing.
 *
 * <p>Bad input gives one-line {@link DataException}s: missing or empty folder, no class folders,
 * too few classes, too few images in a class, an unreadable image (named; or skipped and counted
 * with {@link Options#skipUnreadable}), a label the caller's label set does not know.
 */
public final class ImageFolderDataset {
    private final Dataset dataset;
    private final List<String> skipped;
    private final File dir;

    private ImageFolderDataset(File dir, Dataset dataset, List<String> skipped) {
        this.dir = dir;
        this.dataset = dataset;
        this.skipped = Collections.unmodifiableList(skipped);
    }

    public Dataset dataset() {
        return dataset;
    }

    /** Images skipped as unreadable (only with {@link Options#skipUnreadable}), each "path: reason". */
    public List<String> skipped() {
        return skipped;
    }

    public File dir() {
        return dir;
    }

    /** Receives progress while images are decoded. */
    public interface ProgressListener {
        void progress(int done, int total);
    }

    /** How to load a folder. */
    public static final class Options {
        private ImagePreprocessor preprocessor;
        private ImageDecoder decoder;
        private Map<String, String> labelMap = Collections.emptyMap();
        private List<String> labels;
        private boolean allowNewLabels;
        private int minClasses = 1;
        private int minPerClass = 1;
        private boolean skipUnreadable;
        private ProgressListener progress;

        public Options(ImagePreprocessor preprocessor, ImageDecoder decoder) {
            this.preprocessor = preprocessor;
            this.decoder = decoder;
        }

        /** Renames folders to labels: {@code folder -> label} (several folders may share a label). */
        public Options labelMap(Map<String, String> map) {
            this.labelMap = new LinkedHashMap<>(map);
            return this;
        }

        /**
         * Fixes the label order (e.g. a model's labels). Folders with other labels are an error,
         * unless {@code allowNew}: then they are appended in name order (a local expert may add classes).
         */
        public Options labels(List<String> labels, boolean allowNew) {
            this.labels = new ArrayList<>(labels);
            this.allowNewLabels = allowNew;
            return this;
        }

        public Options minClasses(int n) {
            this.minClasses = n;
            return this;
        }

        public Options minPerClass(int n) {
            this.minPerClass = n;
            return this;
        }

        /** Skip unreadable images and count them instead of failing on the first. */
        public Options skipUnreadable(boolean skip) {
            this.skipUnreadable = skip;
            return this;
        }

        public Options progress(ProgressListener listener) {
            this.progress = listener;
            return this;
        }
    }

    /** Parses {@code --label-map} values "FOLDER=LABEL" into a map. */
    public static Map<String, String> parseLabelMap(List<String> specs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new DataException("label map entry '" + spec + "' is not FOLDER=LABEL (e.g. RedRust=Rust)");
            }
            String from = spec.substring(0, eq).trim(), to = spec.substring(eq + 1).trim();
            validateLabel(from, "label map entry '" + spec + "'");
            validateLabel(to, "label map entry '" + spec + "'");
            String previous = map.put(from, to);
            if (previous != null && !previous.equals(to)) {
                throw new DataException("label map maps '" + from + "' twice: to '" + previous + "' and to '" + to + "'");
            }
        }
        return map;
    }

    /** True for the image files this loader reads (png, jpg, jpeg in any case, not hidden). */
    public static boolean isImageFile(File f) {
        String name = f.getName();
        if (name.startsWith(".") || !f.isFile()) return false;
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg");
    }

    /**
     * The folder's labelled files without a pixel decoded (each example's features are a single 0):
     * for whatever depends only on names and file contents, such as {@link PlantSplits}.
     */
    public static Dataset list(File dir, Map<String, String> labelMap) {
        ImagePreprocessor names = new ImagePreprocessor() {
            @Override
            public int[] shape() {
                return new int[] {1, 1, 1};
            }

            @Override
            public int decodeTarget() {
                return 1;
            }

            @Override
            public float[] apply(DecodedImage image) {
                return new float[1];
            }
        };
        ImageDecoder noDecode = (file, target) -> new DecodedImage(new int[1], 1, 1);
        return load(dir, new Options(names, noDecode).labelMap(labelMap)).dataset();
    }

    public static ImageFolderDataset load(File dir, Options options) {
        if (!dir.exists()) throw new DataException("folder not found: " + dir.getPath());
        if (!dir.isDirectory()) throw new DataException("not a folder: " + dir.getPath() + " (expected DIR/<label>/*.png|jpg)");
        File[] children = dir.listFiles();
        if (children == null) throw new DataException("cannot list folder " + dir.getPath());
        if (children.length == 0) throw new DataException("folder is empty: " + dir.getPath() + " (expected DIR/<label>/*.png|jpg)");

        // label -> its image files (several folders may map to one label)
        Map<String, List<File>> byLabel = new TreeMap<>();
        for (File child : children) {
            if (!child.isDirectory() || child.getName().startsWith(".")) continue;
            String folder = child.getName();
            validateLabel(folder, "class folder in " + dir.getPath());
            String label = options.labelMap.containsKey(folder) ? options.labelMap.get(folder) : folder;
            List<File> files = byLabel.get(label);
            if (files == null) byLabel.put(label, files = new ArrayList<>());
            File[] images = child.listFiles(ImageFolderDataset::isImageFile);
            if (images != null) files.addAll(Arrays.asList(images));
        }
        if (byLabel.isEmpty()) {
            throw new DataException("no class folders in " + dir.getPath() + ": expected one folder per label, DIR/<label>/*.png|jpg");
        }
        for (String mapped : options.labelMap.keySet()) {
            boolean present = false;
            for (File child : children) present |= child.isDirectory() && child.getName().equals(mapped);
            if (!present) throw new DataException("label map names folder '" + mapped + "' but " + dir.getPath() + " has no such folder");
        }
        int total = 0;
        for (List<File> files : byLabel.values()) {
            Collections.sort(files, (a, b) -> a.getName().compareTo(b.getName()));
            total += files.size();
        }
        if (total == 0) throw new DataException("no images (.png, .jpg, .jpeg) in the class folders of " + dir.getPath());

        List<String> labelNames = labelOrder(byLabel, options, dir);
        if (byLabel.size() < options.minClasses) {
            throw new DataException((byLabel.size() == 1 ? "only one class ('" + byLabel.keySet().iterator().next() + "')" : "only " + byLabel.size() + " classes")
                    + " in " + dir.getPath() + ": at least " + options.minClasses + " are needed — add a folder per label");
        }
        for (Map.Entry<String, List<File>> e : byLabel.entrySet()) {
            if (e.getValue().size() < options.minPerClass) {
                throw new DataException("class '" + e.getKey() + "' has " + e.getValue().size() + " image(s) in " + dir.getPath()
                        + "; at least " + options.minPerClass + " per class are needed");
            }
        }

        // flatten in label order, then decode in parallel into fixed slots (order independent of timing)
        List<File> files = new ArrayList<>(total);
        List<Integer> labels = new ArrayList<>(total);
        for (int l = 0; l < labelNames.size(); l++) {
            List<File> classFiles = byLabel.get(labelNames.get(l));
            if (classFiles == null) continue;
            for (File f : classFiles) {
                files.add(f);
                labels.add(l);
            }
        }
        int n = files.size();
        float[][] features = new float[n][];
        String[] errors = new String[n];
        AtomicInteger done = new AtomicInteger();
        int[] shape = options.preprocessor.shape();
        IntStream.range(0, n).parallel().forEach(i -> {
            try {
                DecodedImage image = options.decoder.decode(files.get(i), options.preprocessor.decodeTarget());
                features[i] = options.preprocessor.apply(image);
            } catch (DataException e) {
                errors[i] = e.getMessage().contains(files.get(i).getPath()) ? e.getMessage() : files.get(i).getPath() + ": " + e.getMessage();
            }
            int d = done.incrementAndGet();
            if (options.progress != null) options.progress.progress(d, n);
        });

        List<Example> examples = new ArrayList<>(n);
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (errors[i] != null) {
                if (!options.skipUnreadable) {
                    throw new DataException("unreadable image: " + errors[i] + " (remove it, or skip unreadable images)");
                }
                skipped.add(errors[i]);
                continue;
            }
            examples.add(new Example(features[i], shape, labels.get(i), files.get(i).getPath()));
        }
        Dataset dataset = new Dataset(examples, labelNames, shape);
        int[] counts = dataset.classCounts();
        for (int l = 0; l < labelNames.size(); l++) {
            if (byLabel.containsKey(labelNames.get(l)) && counts[l] < options.minPerClass) {
                throw new DataException("class '" + labelNames.get(l) + "' has " + counts[l] + " readable image(s) in " + dir.getPath()
                        + " after skipping " + skipped.size() + " unreadable; at least " + options.minPerClass + " per class are needed");
            }
        }
        return new ImageFolderDataset(dir, dataset, skipped);
    }

    private static List<String> labelOrder(Map<String, List<File>> byLabel, Options options, File dir) {
        if (options.labels == null) return new ArrayList<>(byLabel.keySet());
        List<String> order = new ArrayList<>(options.labels);
        for (String label : byLabel.keySet()) {
            if (order.contains(label)) continue;
            if (!options.allowNewLabels) {
                throw new DataException("label '" + label + "' in " + dir.getPath() + " is not one the model knows ("
                        + String.join(", ", options.labels) + "); rename the folder or map it with --label-map " + label + "=KNOWN");
            }
            order.add(label);
        }
        return order;
    }

    /** Label names become file names and UI text: the rules are {@link LabelNames}'. */
    static void validateLabel(String label, String where) {
        LabelNames.validate(label, where);
    }

    /** Control characters shown as '?', so an error message stays one line. */
    static String printable(String s) {
        return LabelNames.printable(s);
    }
}

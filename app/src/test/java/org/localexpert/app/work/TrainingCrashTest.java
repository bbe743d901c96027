package org.localexpert.app.work;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import androidx.test.ext.junit.runners.AndroidJUnit4;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.PersonalModelVerifier;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.data.Sha256;
import org.localexpert.app.data.ShippedModels;
import org.localexpert.core.store.FileSystemFaults;
import org.localexpert.core.store.IoHooks;
import org.robolectric.annotation.Config;

import java.io.File;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue #9, app side: training is killed at {@value #KILLS} random points — while reading samples (the "epoch"
 * of this pipeline), between stages, during any file-system step of writing the checkpoint, the new model, its
 * record or the store's manifest (the swap), or of cleaning up — through the store's fault seam
 * ({@link FileSystemFaults}: after the crash no step completes, as in a dead process). After every kill the
 * "phone" restarts (all objects rebuilt over the same database and files, stores recover) and the test checks:
 * every sample row and file is intact, the active model is the old one or the new one (never partial: it loads and
 * passes every check), and the next run completes, resuming where possible, with the same model an
 * uninterrupted run produces.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36)
public class TrainingCrashTest {
    static final int KILLS = 100;
    private static final List<String> CLASSES = Arrays.asList("3", "5", "8");
    private static final long SEED = 9;

    @Test
    public void killedAtRandomPointsNothingIsLostAndTheNextRunResumes() throws Exception {
        ShippedModels shipped = null;
        // Reference: old model (samples set A) then new model (A + B), uninterrupted, counting steps and polls.
        List<MnistSamples.Digit> a = MnistSamples.digits(CLASSES, 5, 0), b = MnistSamples.digits(CLASSES, 3, 300);
        String oldProbe, newProbe;
        long ioSteps;
        int polls;
        try (TestPhone ref = new TestPhone("crash-ref", IoHooks.NONE)) {
            shipped = new ShippedModels(ShippedModels.of(ref.context.getAssets()));
            add(ref, a);
            ref.job().run(Domain.HANDWRITING, (p, m) -> { }, () -> false);
            oldProbe = probe(ref);
            add(ref, b);
            FileSystemFaults counting = FileSystemFaults.counting();
            ref.restart(counting);
            AtomicInteger pollCount = new AtomicInteger();
            ref.job().run(Domain.HANDWRITING, (p, m) -> { }, () -> pollCount.incrementAndGet() < 0);
            ioSteps = counting.steps();
            polls = pollCount.get();
            newProbe = probe(ref);
        }
        assertTrue(!oldProbe.equals(newProbe));
        System.out.printf(Locale.ROOT, "crash test: a training run takes %d file-system steps and %d stop checks%n", ioSteps, polls);

        Random random = new Random(SEED);
        Map<String, Integer> kinds = new HashMap<>();
        Map<PersonalizationJob.Stage, Integer> resumedFrom = new EnumMap<>(PersonalizationJob.Stage.class);
        int activeOld = 0, activeNew = 0, samplesChecked = 0;
        long t0 = System.nanoTime();
        // The state every kill starts from: the old model active, more samples added since.
        TestPhone template = new TestPhone("crash-template", IoHooks.NONE);
        add(template, a);
        template.job().run(Domain.HANDWRITING, (p, m) -> { }, () -> false);
        String templateOldSha = Sha256.hex(template.models().activeBytes(Domain.HANDWRITING));
        assertEquals(oldProbe, probe(template));
        add(template, b);
        template.shutDown();
        int kills = Integer.getInteger("localexpert.crashKills", KILLS);
        for (int k = 0; k < kills; k++) {
            long tStart = System.nanoTime();
            try (TestPhone phone = TestPhone.copyOf(template, "crash-" + k, IoHooks.NONE)) {
                Map<Long, String> before = fingerprints(phone);
                long tCopied = System.nanoTime();

                // The run that is killed.
                int kind = random.nextInt(10);
                if (kind < 7) {
                    long step = 1 + random.nextInt((int) ioSteps);
                    phone.restart(FileSystemFaults.crashAt(step));
                    killAt(phone, () -> false);
                } else if (kind < 9) {
                    int poll = 1 + random.nextInt(polls);
                    AtomicInteger n = new AtomicInteger();
                    phone.restart(IoHooks.NONE);
                    killAt(phone, () -> {
                        if (n.incrementAndGet() == poll) throw new ProcessKilled("at stop check " + poll);
                        return false;
                    });
                } else {
                    PersonalizationJob.Stage stage = PersonalizationJob.Stage.values()[1 + random.nextInt(4)];
                    phone.restart(IoHooks.NONE);
                    phone.job().stageHook(st -> {
                        if (st == stage) throw new ProcessKilled("after stage " + stage);
                    });
                    killAt(phone, () -> false);
                }
                kinds.merge(kind < 7 ? "file-system step" : kind < 9 ? "stop check (reading samples / between stages)" : "stage boundary", 1, Integer::sum);

                long tKilled = System.nanoTime();
                // The phone starts again.
                phone.restart(IoHooks.NONE);
                assertEquals("samples intact after kill " + k, before, fingerprints(phone));
                samplesChecked += before.size();
                byte[] active = phone.models().activeBytes(Domain.HANDWRITING);
                new PersonalModelVerifier(Domain.HANDWRITING, shipped).verify(active);
                if (Sha256.hex(active).equals(templateOldSha)) {
                    activeOld++;
                } else {
                    // Not the old file: then it must be the complete new model (its bytes carry this run's start time,
                    // so it is compared by what it answers).
                    assertEquals("kill " + k + ": active model is neither the old nor the new one", newProbe, probe(phone));
                    activeNew++;
                }

                long tChecked = System.nanoTime();
                // The next run completes (resuming the killed run) and ends with the new model.
                PersonalizationJob.Result r = phone.job().run(Domain.HANDWRITING, (p, m) -> { }, () -> false);
                long tResumed = System.nanoTime();
                resumedFrom.merge(r.resumedFrom, 1, Integer::sum);
                assertEquals("kill " + k + ": the resumed run gives the uninterrupted run's model", newProbe, probe(phone));
                assertEquals(before, fingerprints(phone));
                if (k < 3) {
                    System.out.printf(Locale.ROOT, "crash test timing: copy %.2f s, killed run %.2f s, restart+checks %.2f s, resumed run %.2f s, probe %.2f s%n",
                            (tCopied - tStart) / 1e9, (tKilled - tCopied) / 1e9, (tChecked - tKilled) / 1e9, (tResumed - tChecked) / 1e9,
                            (System.nanoTime() - tResumed) / 1e9);
                }
                assertEquals("one unfinished run at most, and none now", null, phone.db.trainingRuns().unfinished(Domain.HANDWRITING));
            }
            if (k % 20 == 19) System.out.printf(Locale.ROOT, "crash test: %d kills, %.1f s%n", k + 1, (System.nanoTime() - t0) / 1e9);
        }
        template.wipeFiles();
        template.context.deleteDatabase(template.dbName);
        System.out.printf(Locale.ROOT, "crash test: %d kills in %.1f s %s; after restart the old model was active %d times, the new %d times; "
                        + "next run resumed from %s; %d sample checks, none lost%n",
                kills, (System.nanoTime() - t0) / 1e9, kinds, activeOld, activeNew, resumedFrom, samplesChecked);
        assertNotNull(shipped);

    }

    private static void killAt(TestPhone phone, java.util.function.BooleanSupplier stopped) {
        try {
            phone.job().run(Domain.HANDWRITING, (p, m) -> { }, stopped);
        } catch (FileSystemFaults.SimulatedCrash dead) { // ProcessKilled is one too
            return;
        }
        // The kill point lay beyond this run's last step (e.g. a cleanup-only step): the run simply finished.
    }

    /**
     * Which model is active — the samples it was trained on, from its metadata — and what it answers
     * on a few digits. The sample counts matter: when the shipped GE already reads every taught digit,
     * the do-no-harm guard keeps the gate shut, so the old and the new model may answer alike. (Not the
     * version name: a killed install may use up a version number, so v2 can legitimately become v3.)
     */
    private static String probe(TestPhone phone) throws Exception {
        byte[] active = phone.models().activeBytes(Domain.HANDWRITING);
        String counts = org.localexpert.core.tflite.LocalExpertMetadata.read(
                org.localexpert.core.tflite.TfliteReader.read(active)).sampleCounts().toString();
        return counts + "|" + new String(PersonalizeWorkerTest.probe(phone));
    }

    private static void add(TestPhone phone, List<MnistSamples.Digit> digits) {
        for (MnistSamples.Digit d : digits) phone.container.samples().add(Domain.HANDWRITING, d.label, d.png, SampleRepository.SOURCE_CANVAS);
    }

    /** Sample id → label, held-out flag and the SHA-256 of its file. */
    private static Map<Long, String> fingerprints(TestPhone phone) throws Exception {
        Map<Long, String> out = new HashMap<>();
        for (SampleRecord s : phone.container.samples().list(Domain.HANDWRITING)) {
            File f = phone.container.samples().imageFile(s);
            out.put(s.id, s.label + "/" + s.heldOut + "/" + Sha256.of(f));
        }
        return out;
    }
}

package org.localexpert.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.ImageFolderSource;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.moe.CrossValidation;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.FeatureExtractor;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.moe.ReplayFeatures;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.host.HostTfliteEngine;
import org.localexpert.host.ImageIoDecoder;

/**
 * Every class a user teaches is answered as taught — new classes included, the first of them one that
 * looks like a class the GE knows — and the file {@code personalize} writes, read back through real
 * TFLite, answers each taught sample exactly as the in-memory mixture did. Both domains, through the
 * product path: folder read one input at a time, GE features from TFLite, shipped replay features.
 */
public class TaughtClassesTest {
    @Rule public TemporaryFolder tmp = new TemporaryFolder();

    private static File models(String path) {
        File f = new File("../models/" + path);
        return f.isFile() ? f : new File("models/" + path);
    }

    /**
     * 20 MNIST t10k digits of each class, then two Omniglot Latin letters as new classes: "o" (drawn
     * like a 0, the GE reads it as one) first, then "x".
     */
    @Test
    public void handwritingNewClassesAreAnsweredAsTaught() throws Exception {
        Assume.assumeTrue(DataLocation.missingMessage(DataLocation.MNIST), DataLocation.has(DataLocation.MNIST));
        Assume.assumeTrue(DataLocation.missingMessage(DataLocation.OMNIGLOT), DataLocation.has(DataLocation.OMNIGLOT));
        File dir = tmp.newFolder("hand");
        Dataset t10k = Mnist.load(DataLocation.root(), Mnist.Part.TEST);
        int[] written = new int[10];
        for (int i = 0; i < t10k.size(); i++) {
            int l = t10k.get(i).label();
            if (written[l] == 20) continue;
            writeDigit(t10k.get(i).features(), new File(dir, Integer.toString(l) + "/" + i + ".png"));
            written[l]++;
        }
        File latin = new File(DataLocation.require(DataLocation.OMNIGLOT), "images/Latin");
        copyAll(new File(latin, "character15"), new File(dir, "o"));
        copyAll(new File(latin, "character24"), new File(dir, "x"));
        File ge = models("handwriting/handwriting-ge.tflite");
        ImageFolderSource user = ImageFolderSource.open(dir, Domain.HANDWRITING.preprocessor(null), new ImageIoDecoder(), Collections.emptyMap());
        double[] right = check(Domain.HANDWRITING, ge, user);
        for (int c = 0; c < 10; c++) assertTrue("digit " + c + ": " + right[c], right[c] >= 0.95);
        assertTrue("the first new class, 'o' (GE reads it as 0): " + right[10], right[10] >= 0.95);
        assertTrue("the second new class, 'x': " + right[11], right[11] >= 0.95);
    }

    /**
     * One farm's photos, 10 per class: healthy leaves (a GE class) and two diseases under new names —
     * "BrownSpot" (red rot photos: the GE reads them as RedRot) first, then "OrangeRust" (red rust).
     */
    @Test
    public void plantNewClassesAreAnsweredAsTaught() throws Exception {
        Assume.assumeTrue(DataLocation.missingMessage(DataLocation.SUGARCANE_ROSHITAB), DataLocation.has(DataLocation.SUGARCANE_ROSHITAB));
        File farm = DataLocation.require(DataLocation.SUGARCANE_ROSHITAB);
        File dir = tmp.newFolder("farm");
        copy(new File(farm, "Healthy"), new File(dir, "Healthy"), 10);
        copy(new File(farm, "RedRot"), new File(dir, "BrownSpot"), 10);
        copy(new File(farm, "RedRust"), new File(dir, "OrangeRust"), 10);
        File ge = models("plant/plant-ge.tflite");
        GlobalExpert g = MoeFiles.readGe(ge.toPath());
        ImageFolderSource user = ImageFolderSource.open(dir, Domain.PLANT.preprocessor(g.inputShape()), new ImageIoDecoder(), Collections.emptyMap());
        double[] right = check(Domain.PLANT, ge, user);
        int healthy = g.labels().indexOf("Healthy");
        assertTrue("Healthy: " + right[healthy], right[healthy] >= 0.9);
        assertTrue("the first new class, BrownSpot (GE reads it as RedRot): " + right[g.numClasses()], right[g.numClasses()] >= 0.9);
        assertTrue("the second new class, OrangeRust: " + right[g.numClasses() + 1], right[g.numClasses() + 1] >= 0.9);
    }

    /** Personalizes, writes the file, and returns the share of taught samples answered right per union class. */
    private double[] check(Domain domain, File geFile, ImageFolderSource user) throws Exception {
        MoeFiles.Loaded loaded = MoeFiles.read(geFile.toPath());
        GlobalExpert ge = MoeFiles.readGe(geFile.toPath());
        String hash = MoeFiles.geHash(loaded);
        ReplayFeatures replay = ReplayFeatures.read(ReplayFiles.featuresPathNextTo(geFile.toPath()), hash);
        Personalizer p = new Personalizer(domain, ge, replay, domain.defaults().seed(1).build());
        Personalization result;
        CrossValidation cv;
        try (FeatureExtractor fx = FeatureExtractor.open(ge, HostTfliteEngine::open)) {
            assertNull("TFLite must compute the features here", fx.fallbackReason());
            Personalizer.UserFeatures uf = p.features(user, fx, null);
            cv = p.crossValidate(uf, 5);
            result = p.train(uf);
        }
        Path out = tmp.getRoot().toPath().resolve(domain.id() + "-personal.tflite");
        MoeFiles.writeMixture(result.mixture(), out, hash, user, domain, null);
        Mixture m = result.mixture();
        int k = m.labels().size();
        int[] right = new int[k], total = new int[k];
        try (HostTfliteEngine file = HostTfliteEngine.open(Files.readAllBytes(out)); JavaEngine memory = new JavaEngine(m.model())) {
            for (int i = 0; i < user.size(); i++) {
                float[] x = user.load(i);
                float[][] fromFile = file.run(x), inMemory = memory.run(x);
                int label = m.labels().indexOf(user.labelNames().get(user.label(i)));
                int answer = argmax(fromFile[Mixture.PROBABILITIES]);
                assertEquals(user.name(i) + ": the written file must answer as the in-memory mixture", argmax(inMemory[Mixture.PROBABILITIES]), answer);
                assertEquals(user.name(i) + ": who answered", inMemory[Mixture.GATE][0] > 0.5f, fromFile[Mixture.GATE][0] > 0.5f);
                total[label]++;
                if (answer == label) right[label]++;
            }
        }
        double[] share = new double[k];
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < k; c++) {
            share[c] = total[c] == 0 ? Double.NaN : right[c] / (double) total[c];
            if (total[c] > 0) b.append(String.format(Locale.ROOT, " %s %d/%d", m.labels().get(c), right[c], total[c]));
        }
        System.out.printf(Locale.ROOT, "TaughtClassesTest (%s): taught samples right:%s; %s; %s%n", domain.id(), b, cv, result);
        return share;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static void writeDigit(float[] pixels, File f) throws Exception {
        f.getParentFile().mkdirs();
        BufferedImage im = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) im.getRaster().setSample(x, y, 0, Math.round(pixels[y * 28 + x] * 255));
        }
        ImageIO.write(im, "png", f);
    }

    private static void copyAll(File from, File to) throws Exception {
        copy(from, to, Integer.MAX_VALUE);
    }

    private static void copy(File from, File to, int n) throws Exception {
        to.mkdirs();
        File[] files = from.listFiles(File::isFile);
        Arrays.sort(files);
        for (int i = 0; i < Math.min(n, files.length); i++) {
            Files.copy(files[i].toPath(), new File(to, files[i].getName()).toPath(), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

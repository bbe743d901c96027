package org.localexpert.core.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingImages;
import org.localexpert.core.data.ImageFolderDataset;
import org.localexpert.core.data.LabelNames;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.SampleSource;
import org.localexpert.core.layer.Padding;
import org.localexpert.core.model.Model;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.HandwritingFolder;
import org.localexpert.core.moe.MoeTestModels;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.store.FastFolder;
import org.localexpert.core.store.IoHooks;
import org.localexpert.core.store.ModelRejectedException;
import org.localexpert.core.store.ModelStore;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tflite.GeHash;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelExporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.core.tflite.TfliteWriter;
import org.localexpert.core.train.LeNet5;
import org.localexpert.core.train.Trainer;
import org.localexpert.core.train.TrainerOptions;
import org.localexpert.core.train.TrainingResult;
import org.localexpert.host.ImageIoDecoder;

/**
 * Issue #9, hostile and broken input: every case gets a specific one-line error and nothing is lost
 * — the user's samples and personal models (a snapshot of every file's SHA-256) are unchanged, and
 * the input itself is left where it was. Cases the existing tests already cover in depth are listed
 * at the end of {@link #printCounts()} rather than repeated here.
 */
public class HostileInputTest {
    @ClassRule public static TemporaryFolder tmp = FastFolder.create();

    private static Pipeline pipeline;
    private static Path user;
    private static ModelStore store;
    private static final Map<String, Integer> counts = new TreeMap<>();

    @BeforeClass
    public static void userWithSamplesAndAPersonalModel() throws Exception {
        pipeline = new Pipeline(Pipeline.data(null), 1);
        user = tmp.newFolder("user").toPath();
        pipeline.prepare(user);
        store = pipeline.openStore(user, IoHooks.NONE);
    }

    @org.junit.AfterClass
    public static void printCounts() {
        int total = 0;
        for (int n : counts.values()) total += n;
        System.out.printf("HostileInputTest: %d hostile inputs tried (all refused with a specific one-line message except the GIF, which is read), nothing lost in any case: %s. "
                + "Covered elsewhere: TfliteFuzzTest (~14,000 truncated/mutated .tflite), ImageDecoderTest (10,000x10,000 PNG "
                + "in a 64 MB heap, decompression bomb, animated GIF, EXIF rotation, 16-bit, CMYK, 200 mutated images), "
                + "TrainerTest (NaN loss keeps the last good weights)%n", total, counts);
    }

    // ------------------------------------------------------------------ harness

    private interface Call {
        void run() throws Exception;
    }

    /** Runs {@code c}, which must throw {@code type} with {@code part} in a one-line message, and checks that nothing changed. */
    private static void expect(String group, Class<? extends Exception> type, String part, Call c, Path... inputs) throws Exception {
        Map<String, String> before = snapshot(user);
        List<Map<String, String>> inputsBefore = new ArrayList<>();
        for (Path p : inputs) inputsBefore.add(snapshot(p));
        String activeBefore = store.active().get().sha256();
        try {
            c.run();
            fail(group + ": expected " + type.getSimpleName() + " containing '" + part + "'");
        } catch (Exception e) {
            if (!type.isInstance(e)) throw new AssertionError(group + ": expected " + type.getSimpleName() + " but got " + e, e);
            assertTrue(group + ": '" + e.getMessage() + "' lacks '" + part + "'", e.getMessage().contains(part));
            assertFalse(group + ": more than one line: " + e.getMessage(), e.getMessage().contains("\n"));
        }
        assertEquals(group + ": the user's files changed", before, snapshot(user));
        for (int i = 0; i < inputs.length; i++) assertEquals(group + ": the input was changed", inputsBefore.get(i), snapshot(inputs[i]));
        ModelStore reopened = pipeline.openStore(user, IoHooks.NONE);
        assertEquals(group + ": active model", activeBefore, reopened.active().get().sha256());
        assertTrue(reopened.recoveryNotes().toString(), reopened.recoveryNotes().isEmpty());
        counts.merge(group, 1, Integer::sum);
    }

    private static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        if (Files.isRegularFile(root)) {
            out.put(root.toString(), sha(Files.readAllBytes(root)));
            return out;
        }
        for (Path f : Pipeline.filesUnder(root)) out.put(root.relativize(f).toString(), sha(Files.readAllBytes(f)));
        return out;
    }

    private static String sha(byte[] b) throws Exception {
        StringBuilder s = new StringBuilder();
        for (byte x : MessageDigest.getInstance("SHA-256").digest(b)) s.append(String.format("%02x", x));
        return s.toString();
    }

    // ------------------------------------------------------------------ label names

    @Test
    public void labelNamesThatCouldEscapeAFolderOrDisguiseThemselvesAreRefused() throws Exception {
        String[][] typed = {
                {"", "empty label name"},
                {".", "'.' is not a label name"},
                {"..", "'..' is not a label name"},
                {"../../databases", "path separator"},
                {"a/b", "path separator"},
                {"a\\b", "path separator"},
                {"seven\u0000", "control character (code 0)"},
                {"line\nbreak", "control character (code 10)"},
                {"tab\t", "control character (code 9)"},
                {"\u202Egpj.exe", "text-direction character (U+202E)"},
                {"   ", "only spaces"},
                {new String(new char[65]).replace('\0', 'x'), "65 characters long, more than 64"},
        };
        for (String[] t : typed) expect("label typed in the app", DataException.class, t[1], () -> LabelNames.validate(t[0], "new label"));

        // The same names reaching the personalize path as class folders of a user's data...
        for (String bad : new String[] {"bell\u0007", "\u202Eevil", "   ", new String(new char[65]).replace('\0', 'y')}) {
            Path dir = handwritingFolder("folder-" + Integer.toHexString(bad.hashCode()), bad);
            String part = bad.trim().isEmpty() ? "only spaces" : bad.length() > 64 ? "more than 64" : bad.startsWith("\u202E") ? "U+202E" : "control character";
            expect("label as a class folder (personalize)", DataException.class, part,
                    () -> HandwritingFolder.load(dir.toFile(), new ImageIoDecoder(), Collections.emptyMap()), dir);
            expect("label as a class folder (image folder)", DataException.class, part,
                    () -> ImageFolderDataset.load(dir.toFile(), new ImageFolderDataset.Options(new HandwritingImages(), new ImageIoDecoder())), dir);
        }
        // ... or through a label map.
        Path dir = handwritingFolder("mapped", "seven");
        String[][] mapped = {{"../up", "path separator"}, {"a/b", "path separator"}, {"", "empty label name"}, {"x\ny", "control character"}, {"..", "'..' is not"}};
        for (String[] m : mapped) {
            expect("label map (personalize)", DataException.class, m[1],
                    () -> HandwritingFolder.load(dir.toFile(), new ImageIoDecoder(), Collections.singletonMap("seven", m[0])), dir);
        }
        // ... or as a label of samples stored by the app, handed straight to the personalizer.
        Dataset samples = HandwritingFolder.load(dir.toFile(), new ImageIoDecoder(), Collections.emptyMap());
        for (String[] t : new String[][] {{"../../shared_prefs", "path separator"}, {"7\n", "control character"}, {"\u202E7", "U+202E"}}) {
            String label = t[0];
            Dataset relabelled = new Dataset(samples.examples(), Collections.singletonList(label), Mnist.SHAPE);
            expect("label of stored samples (personalizer)", org.localexpert.core.moe.PersonalizationException.class, t[1],
                    () -> Personalizer.validate(Domain.HANDWRITING, SampleSource.of(relabelled), 1));
        }
        expect("label map (command line)", DataException.class, "path separator",
                () -> ImageFolderDataset.parseLabelMap(Collections.singletonList("seven=a/../b")));
        expect("label map (command line)", DataException.class, "not FOLDER=LABEL",
                () -> ImageFolderDataset.parseLabelMap(Collections.singletonList("seven=")));
    }

    // ------------------------------------------------------------------ model files

    @Test
    public void modelFilesThatDoNotFitTheInstalledGlobalExpertAreNeverInstalled() throws Exception {
        byte[] good = pipeline.oldModel();
        String installed = pipeline.geHash;
        Class<ModelRejectedException> rejected = ModelRejectedException.class;
        expect("model file", rejected, "the new model is empty (0 bytes)", () -> store.install(new byte[0], null));
        expect("model file", rejected, "the new model was rejected: ", () -> store.install(Arrays.copyOf(good, good.length / 2), null));
        expect("model file", rejected, "the new model was rejected: ", () -> store.install("not a model".getBytes("UTF-8"), null));
        Path onDisk = tmp.getRoot().toPath().resolve("incoming.tflite");
        Files.write(onDisk, Arrays.copyOf(good, 200));
        expect("model file", rejected, "the new model was rejected: ", () -> store.install(onDisk, null), onDisk);

        // made for another global expert (same architecture, other weights)
        TfliteModel otherGe = ge(28, 10, Pipeline.SEED + 5);
        byte[] forOther = mixture(otherGe, Pipeline.LABELS);
        expect("model for another GE", rejected, "personalize again with the installed one", () -> store.install(forOther, null));
        // ... claiming the installed GE's hash in its metadata
        expect("model for another GE", rejected, "the global expert inside the model is not the installed one",
                () -> store.install(withMetadata(forOther, m -> m.geHash(installed)), null));
        // ... the installed GE's weights tampered with inside a genuine mixture
        expect("model for another GE", rejected, "the global expert inside the model is not the installed one",
                () -> store.install(tamperedGeWeight(good), null));
        // different input shape, different label count (both claiming the installed GE)
        byte[] wideInput = withMetadata(mixture(ge(32, 10, Pipeline.SEED), Pipeline.LABELS), m -> m.geHash(installed));
        expect("model with another shape", rejected, "the model takes input [32, 32, 1] but the installed global expert takes [28, 28, 1]",
                () -> store.install(wideInput, null));
        List<String> five = Arrays.asList("a", "b", "c", "d", "e");
        byte[] fiveClasses = withMetadata(mixture(ge(28, 5, Pipeline.SEED), five), m -> m.geHash(installed));
        expect("model with another label count", rejected, "do not begin with the global expert's",
                () -> store.install(fiveClasses, null));
        // labels in its metadata that would escape a folder or break a line
        List<String> evil = new ArrayList<>(Pipeline.LABELS);
        evil.set(3, "../3");
        expect("model with hostile labels", rejected, "the model's metadata: label name contains a path separator",
                () -> store.install(withMetadata(good, m -> m.labels(evil)), null));
        evil.set(3, "3\r\n");
        expect("model with hostile labels", rejected, "control character (code 13)", () -> store.install(withMetadata(good, m -> m.labels(evil)), null));
        // not a mixture: the GE itself, dressed up
        byte[] bareGe = TfliteWriter.write(pipeline.ge);
        expect("model that is no mixture", rejected, "no LocalExpert metadata", () -> store.install(bareGe, null));
        LocalExpertMetadata geMeta = new LocalExpertMetadata().role("global-expert").geHash(installed).labels(Pipeline.LABELS);
        TfliteModel dressed = TfliteReader.read(bareGe);
        geMeta.writeTo(dressed);
        expect("model that is no mixture", rejected, "is a 'global-expert', not a personal mixture", () -> store.install(TfliteWriter.write(dressed), null));
        assertEquals("[v1]", store.versions().stream().map(v -> v.id()).collect(java.util.stream.Collectors.toList()).toString());
    }

    private interface MetadataEdit {
        void apply(LocalExpertMetadata m);
    }

    private static byte[] withMetadata(byte[] model, MetadataEdit edit) throws Exception {
        TfliteModel m = TfliteReader.read(model);
        LocalExpertMetadata meta = LocalExpertMetadata.read(m);
        edit.apply(meta);
        meta.writeTo(m);
        return TfliteWriter.write(m);
    }

    /** One float of the GE's first weight tensor inside the mixture, changed by one bit. */
    private static byte[] tamperedGeWeight(byte[] mixture) throws Exception {
        TfliteModel m = TfliteReader.read(mixture);
        for (org.localexpert.core.tflite.TfliteTensor t : m.mainSubgraph().tensors()) {
            byte[] data = m.tensorData(t);
            if (t.name().startsWith("ge/") && data.length >= 4) {
                byte[] original = data.clone();
                data[0] ^= 1;
                byte[] out = TfliteWriter.write(m);
                if (!Arrays.equals(original, TfliteReader.read(out).tensorData(TfliteReader.read(out).mainSubgraph().tensor(m.mainSubgraph().tensors().indexOf(t))))) return out;
                throw new AssertionError("tensorData is a copy; cannot tamper this way");
            }
        }
        throw new AssertionError("no GE weights found");
    }

    private static TfliteModel ge(int size, int classes, long seed) {
        Model logits = LeNet5.build(new LeNet5.Config(4, 8, 32, Padding.SAME, false, 0f), size, size, classes, seed);
        java.util.Random r = new java.util.Random(seed);
        for (Parameter p : logits.parameters()) {
            float[] v = p.value().data();
            for (int i = 0; i < v.length; i++) v[i] += (float) r.nextGaussian() * 0.05f;
        }
        return ModelExporter.export(MoeTestModels.withSoftmax(logits));
    }

    /** A mixture file on {@code ge} (labels {@code labels}), as the app writes one. */
    private static byte[] mixture(TfliteModel ge, List<String> labels) throws Exception {
        int[] taught = new int[labels.size()];
        Arrays.fill(taught, 1);
        return MoeTestModels.file(MoeTestModels.randomMixture(ge, labels, labels, 3), GeHash.of(ge), taught);
    }

    // ------------------------------------------------------------------ images and data sets

    @Test
    public void brokenImagesInTheUsersFolderAreNamedAndNothingIsLost() throws Exception {
        Map<String, byte[]> hostile = new LinkedHashMap<>();
        byte[] png = png(digit(60, 80));
        byte[] jpg = encode(digit(60, 80), "jpg");
        hostile.put("zero-size.png", new byte[0]);
        hostile.put("truncated.png", Arrays.copyOf(png, png.length / 2));
        hostile.put("truncated.jpg", Arrays.copyOf(jpg, jpg.length / 2));
        hostile.put("header-only.png", Arrays.copyOf(png, 30));
        hostile.put("text.png", "<html>not an image</html>".getBytes("UTF-8"));
        byte[] cmyk = cmykJpeg();
        if (cmyk != null) hostile.put("cmyk.jpg", cmyk);
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        one.setRGB(0, 0, 0xffffff);
        hostile.put("1x1-blank.png", png(one));
        for (Map.Entry<String, byte[]> h : hostile.entrySet()) {
            Path dir = handwritingFolder("img-" + h.getKey(), "7");
            Path bad = dir.resolve("7").resolve(h.getKey());
            Files.write(bad, h.getValue());
            expect("broken image (image folder)", DataException.class, bad.toString(),
                    () -> ImageFolderDataset.load(dir.toFile(), new ImageFolderDataset.Options(new HandwritingImages(), new ImageIoDecoder())), dir);
            expect("broken image (personalize)", DataException.class, bad.toString(),
                    () -> HandwritingFolder.load(dir.toFile(), new ImageIoDecoder(), Collections.emptyMap()), dir);
        }
        // A GIF saved under a .png name is read by its content (its first frame), not refused.
        Path dir = handwritingFolder("gif-named-png", "7");
        Files.write(dir.resolve("7").resolve("gif.png"), encode(digit(60, 80), "gif"));
        assertEquals(4, HandwritingFolder.load(dir.toFile(), new ImageIoDecoder(), Collections.emptyMap()).size());
        counts.merge("GIF content under a .png name (read)", 1, Integer::sum);
    }

    @Test
    public void emptyAndSingleClassDataSetsAreRefused() throws Exception {
        Path empty = tmp.newFolder("empty-set").toPath();
        expect("user data set", DataException.class, "folder is empty",
                () -> ImageFolderDataset.load(empty.toFile(), new ImageFolderDataset.Options(new HandwritingImages(), new ImageIoDecoder())), empty);
        expect("user data set", DataException.class, "no class folders",
                () -> HandwritingFolder.load(empty.toFile(), new ImageIoDecoder(), Collections.emptyMap()), empty);
        Path single = handwritingFolder("single-class", "7");
        expect("user data set", DataException.class, "only one class",
                () -> ImageFolderDataset.load(single.toFile(), new ImageFolderDataset.Options(new HandwritingImages(), new ImageIoDecoder()).minClasses(2)), single);
        Dataset d = HandwritingFolder.load(single.toFile(), new ImageIoDecoder(), Collections.emptyMap());
        expect("user data set", org.localexpert.core.moe.PersonalizationException.class, "only one class",
                () -> Personalizer.validate(Domain.HANDWRITING, SampleSource.of(d), 2));
        expect("user data set", org.localexpert.core.moe.PersonalizationException.class, "no drawings",
                () -> Personalizer.validate(Domain.HANDWRITING, SampleSource.of(new Dataset(new ArrayList<>(), d.labelNames(), Mnist.SHAPE)), 2));
    }

    @Test
    public void nanInTheDataStopsTrainingWithTheLastGoodWeights() throws Exception {
        List<Example> ex = new ArrayList<>(pipeline.features.examples().subList(0, 64));
        float[] poisoned = ex.get(40).features().clone();
        poisoned[10] = Float.NaN;
        int[] shape = {Pipeline.FEATURES};
        ex.set(40, new Example(poisoned, shape, ex.get(40).label()));
        Model le = Pipeline.localExpert(1);
        TrainingResult r = new Trainer(TrainerOptions.builder().epochs(1).batchSize(32).seed(1).threads(1).build())
                .train(le, new Dataset(ex, Pipeline.LABELS, shape));
        assertEquals(TrainingResult.Stop.NON_FINITE, r.stop());
        assertTrue(r.message(), r.message().startsWith("the loss became NaN at epoch 1, step 2"));
        for (Parameter p : le.parameters()) for (float v : p.value().data()) assertTrue(p.name(), Float.isFinite(v));
        counts.merge("NaN in a training sample", 1, Integer::sum);
    }

    // ------------------------------------------------------------------ helpers

    /** A folder DIR/&lt;label&gt;/ with three drawn digits (and a second class "1" when the label is not "1"). */
    private static Path handwritingFolder(String name, String label) throws IOException {
        Path dir = tmp.getRoot().toPath().resolve(name);
        Files.createDirectories(dir.resolve(label));
        for (int i = 0; i < 3; i++) Files.write(dir.resolve(label).resolve("s" + i + ".png"), png(digit(60 + i, 80)));
        return dir;
    }

    private static BufferedImage digit(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(Math.max(1, w / 10f)));
        g.drawLine(w / 4, h / 8, w * 3 / 4, h / 8);
        g.drawLine(w * 3 / 4, h / 8, w / 3, h * 7 / 8);
        g.dispose();
        return img;
    }

    private static byte[] png(BufferedImage img) throws IOException {
        return encode(img, "png");
    }

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(format, ImageIO.write(img, format, out));
        return out.toByteArray();
    }

    /** A 4-component (CMYK) JPEG, or null when this JDK cannot write one. */
    private static byte[] cmykJpeg() {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, new Point(0, 0));
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        } catch (IOException | RuntimeException e) {
            return null;
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

}

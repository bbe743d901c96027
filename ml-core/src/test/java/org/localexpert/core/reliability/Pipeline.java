package org.localexpert.core.reliability;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.Padding;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;
import org.localexpert.core.moe.FeatureSet;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.moe.MixtureFile;
import org.localexpert.core.moe.MoeTestModels;
import org.localexpert.core.moe.Routing;
import org.localexpert.core.store.AtomicFile;
import org.localexpert.core.store.IoHooks;
import org.localexpert.core.store.ModelRejectedException;
import org.localexpert.core.store.ModelStore;
import org.localexpert.core.store.ModelVerifier;
import org.localexpert.core.store.ModelVersion;
import org.localexpert.core.store.PersonalModelVerifier;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.tflite.GeHash;
import org.localexpert.core.tflite.IncompatibleModelException;
import org.localexpert.core.tflite.ModelExporter;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteFormatException;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.core.tflite.TfliteWriter;
import org.localexpert.core.train.CancellationToken;
import org.localexpert.core.train.Checkpoint;
import org.localexpert.core.train.HandwritingRecipes;
import org.localexpert.core.train.LeNet5;
import org.localexpert.core.train.Progress;
import org.localexpert.core.train.Trainer;
import org.localexpert.core.train.TrainerOptions;
import org.localexpert.core.train.TrainingListener;
import org.localexpert.core.train.TrainingResult;

/**
 * The host version of what the app's "Train my model" worker does, small enough to run hundreds of
 * times: save the user's newly taught samples, train a local expert on the GE's features with
 * checkpoints (resuming if a checkpoint exists), write the GE + LE + GN mixture as a candidate file the
 * way the app does ({@link Mixture}, {@link MixtureFile}), install it into the {@link ModelStore}
 * (verify, write, swap), then drop the candidate and the checkpoint.
 *
 * <p>Every file step goes through one {@link IoHooks}, so a test can crash or fail any of them.
 * Everything is seeded: an uninterrupted run and any crashed-then-resumed run install byte-identical
 * models (the trainer's resume is exact).
 *
 * <p>Also a {@code main} for the child JVM that the kill test destroys at random moments.
 */
final class Pipeline {
    static final List<String> LABELS = Collections.unmodifiableList(Arrays.asList("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    static final int OLD_SAMPLES = 12;
    static final int NEW_SAMPLES = 4;
    static final long SEED = 20261124L;
    /** The GE's feature width (the LeNet-5 below: 32 units before the classifier). */
    static final int FEATURES = 32;
    private static final String LE_LAYER = "le_logits";

    final Dataset data;
    final int epochs;
    final TfliteModel ge;
    final String geHash;
    private final GlobalExpert globalExpert;
    /** The GE's features of {@link #data}: what the local expert trains on. */
    final Dataset features;

    Pipeline(Dataset data, int epochs) {
        this.data = data;
        this.epochs = epochs;
        Model softmax = HandwritingRecipes.inferenceModel(jittered(
                LeNet5.build(new LeNet5.Config(4, 8, 32, Padding.SAME, false, 0f), 28, 28, 10, SEED), SEED));
        softmax.freeze();
        this.ge = ModelExporter.export(softmax);
        this.geHash = GeHash.of(ge);
        try {
            this.globalExpert = GlobalExpert.of(ModelImporter.toModel(ge), LABELS); // the GE as the app reads it from its file
        } catch (IncompatibleModelException e) {
            throw new IllegalStateException(e);
        }
        this.features = featureRows(globalExpert.features(data, 1), data);
    }

    /** One example per row of {@code fs}, labelled as {@code data}. */
    private static Dataset featureRows(FeatureSet fs, Dataset data) {
        int f = fs.featureSize();
        float[] x = fs.features();
        List<Example> rows = new ArrayList<>();
        for (int i = 0; i < fs.size(); i++) rows.add(new Example(Arrays.copyOfRange(x, i * f, (i + 1) * f), new int[] {f}, data.get(i).label()));
        return new Dataset(rows, LABELS, new int[] {f});
    }

    // ------------------------------------------------------------------ the run

    /** What one run did. */
    static final class Outcome {
        long firstStep = -1;
        String resumedFrom;
        TrainingResult training;
        ModelVersion installed;
    }

    /** One full run in {@code root}, every file step through {@code hooks}. */
    Outcome run(Path root, IoHooks hooks, TrainingListener extra) throws IOException, ModelRejectedException {
        Outcome outcome = new Outcome();
        AtomicFile files = new AtomicFile(hooks);
        // What the worker does on start: a crashed write's temporaries are removed before anything new is written.
        files.cleanTemps(samplesDir(root));
        files.cleanTemps(root);
        for (int i = 0; i < NEW_SAMPLES; i++) {
            Path f = samplesDir(root).resolve("new-" + i + ".sample");
            if (!Files.exists(f)) files.write(f, sampleBytes(OLD_SAMPLES + i));
        }
        Model le = localExpert();
        TrainerOptions options = TrainerOptions.builder().epochs(epochs).batchSize(32).seed(SEED).threads(1)
                .checkpoint(checkpoint(root), 3).resume(true).checkpointFiles(files).build();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStep(Progress p) {
                if (outcome.firstStep < 0) outcome.firstStep = p.globalStep();
                extra.onStep(p);
            }

            @Override
            public void onMessage(String m) {
                if (m.startsWith("resuming")) outcome.resumedFrom = m;
                extra.onMessage(m);
            }
        };
        outcome.training = new Trainer(options).train(le, features, null, listener, new CancellationToken());
        if (outcome.training.stop() != TrainingResult.Stop.COMPLETED) {
            throw new IllegalStateException("training did not complete: " + outcome.training);
        }
        extra.onMessage("phase export");
        Path candidate = root.resolve("candidate.tflite");
        files.write(candidate, mixture(le, data.size()));
        extra.onMessage("phase install");
        ModelStore store = openStore(root, hooks);
        outcome.installed = store.install(candidate, Collections.singletonMap("samples", Integer.toString(data.size())));
        extra.onMessage("phase cleanup");
        files.delete(candidate);
        files.delete(checkpoint(root));
        extra.onMessage("phase done");
        return outcome;
    }

    /** A fresh user folder: the samples taught so far and an older personal model, active. */
    void prepare(Path root) throws IOException, ModelRejectedException {
        for (int i = 0; i < OLD_SAMPLES; i++) AtomicFile.standard().write(samplesDir(root).resolve("old-" + i + ".sample"), sampleBytes(i));
        openStore(root, IoHooks.NONE).install(oldModel(), Collections.singletonMap("samples", "old"));
    }

    ModelStore openStore(Path root, IoHooks hooks) throws IOException {
        return ModelStore.open(root.resolve("models"), verifier(), new ModelStore.Options().hooks(hooks).clock(() -> 1_700_000_000_000L));
    }

    static Path samplesDir(Path root) {
        return root.resolve("samples");
    }

    static Path checkpoint(Path root) {
        return root.resolve("train.ckpt");
    }

    /** The sample file content: the digit's pixels as bytes (what matters is that it comes back intact). */
    byte[] sampleBytes(int i) {
        float[] px = data.get(i).features();
        byte[] b = new byte[px.length + 1];
        for (int k = 0; k < px.length; k++) b[k] = (byte) Math.round(px[k] * 255);
        b[px.length] = (byte) data.get(i).label();
        return b;
    }

    // ------------------------------------------------------------------ models

    /**
     * What the app checks before a model may become active: {@link PersonalModelVerifier} (format,
     * runnable graph, metadata, GE hash claimed and embedded, GPU compatibility, input shape, labels),
     * then it loads into the Java engine and gives a probability distribution on a real sample.
     */
    ModelVerifier verifier() {
        try {
            return PersonalModelVerifier.forGlobalExpert(TfliteWriter.write(ge), LABELS).andThen(bytes -> {
                Model m = ModelImporter.toModel(TfliteReader.read(bytes));
                Tensor[] out = m.forward(false, Tensor.of(data.get(0).features().clone(), 1, 28, 28, 1));
                float sum = 0;
                for (float p : out[0].data()) {
                    if (!(p >= 0 && p <= 1)) throw new IllegalStateException("the model gives a probability of " + p);
                    sum += p;
                }
                if (Math.abs(sum - 1) > 1e-3) throw new IllegalStateException("the model's probabilities sum to " + sum);
            });
        } catch (TfliteFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] oldModel() {
        return mixture(localExpert(SEED + 99), OLD_SAMPLES);
    }

    Model localExpert() {
        return localExpert(SEED);
    }

    /** The local expert the trainer trains: a dense layer on the GE's features (logits). */
    static Model localExpert(long seed) {
        Model.Builder b = Model.builder(seed);
        Node x = b.input("features", FEATURES);
        return b.build(b.add(new Dense(LE_LAYER, FEATURES, LABELS.size(), Activation.NONE), x));
    }

    /** The mixture file of the GE, {@code le}'s dense layer and a fixed gate, as the app writes it after {@code samples} samples. */
    byte[] mixture(Model le, int samples) {
        Dense gn = new Dense("gn", FEATURES + 1, 1, Activation.NONE);
        gn.initialize(new Random(SEED + 7));
        jitter(gn.parameters(), SEED + 7);
        Mixture m = Mixture.assemble(globalExpert, LABELS, (Dense) le.node(LE_LAYER).layer(), gn, Mixture.Gating.of(Routing.SOFT));
        int[] perClass = new int[LABELS.size()];
        for (int i = 0; i < samples; i++) perClass[data.get(i).label()]++;
        return MoeTestModels.file(m, geHash, perClass);
    }

    private static Model jittered(Model m, long seed) {
        jitter(m.parameters(), seed);
        return m;
    }

    private static void jitter(List<Parameter> parameters, long seed) {
        Random r = new Random(seed);
        for (Parameter p : parameters) {
            float[] v = p.value().data();
            for (int i = 0; i < v.length; i++) v[i] += (float) r.nextGaussian() * 0.05f;
        }
    }

    // ------------------------------------------------------------------ data

    /**
     * 160 digits: a seeded subset of MNIST when the data set is there (the MNIST fixture), else
     * synthetic digits (a class-dependent bar pattern with noise) — the crash tests need a
     * training run, not accuracy.
     */
    static Dataset data(Dataset mnistOrNull) {
        int n = 160;
        List<Example> ex = new ArrayList<>();
        Random r = new Random(SEED);
        if (mnistOrNull != null) {
            for (int i : Arrays.copyOf(mnistOrNull.shuffledIndices(SEED), n)) {
                Example e = mnistOrNull.get(i);
                ex.add(new Example(e.features().clone(), Mnist.SHAPE, e.label()));
            }
        } else {
            for (int i = 0; i < n; i++) {
                int label = i % 10;
                float[] px = new float[28 * 28];
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        boolean on = x / 3 == label || y / 3 == label;
                        px[y * 28 + x] = on ? 0.8f + 0.2f * r.nextFloat() : (r.nextFloat() < 0.05f ? r.nextFloat() : 0f);
                    }
                }
                ex.add(new Example(px, Mnist.SHAPE, label));
            }
        }
        return new Dataset(ex, LABELS, Mnist.SHAPE);
    }

    /** The data set as a checkpoint file, so a child JVM reads the same digits without loading MNIST. */
    static void saveData(Dataset d, Path file) throws IOException {
        float[] images = new float[d.size() * 28 * 28];
        float[] labels = new float[d.size()];
        for (int i = 0; i < d.size(); i++) {
            System.arraycopy(d.get(i).features(), 0, images, i * 28 * 28, 28 * 28);
            labels[i] = d.get(i).label();
        }
        new Checkpoint().putTensor("images", Tensor.of(images, d.size(), 28 * 28)).putTensor("labels", Tensor.of(labels, d.size())).write(file);
    }

    static Dataset loadData(Path file) throws IOException {
        Checkpoint c = Checkpoint.read(file);
        float[] images = c.tensor("images").data();
        float[] labels = c.tensor("labels").data();
        List<Example> ex = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            ex.add(new Example(Arrays.copyOfRange(images, i * 784, (i + 1) * 784), Mnist.SHAPE, (int) labels[i]));
        }
        return new Dataset(ex, LABELS, Mnist.SHAPE);
    }

    static List<Path> filesUnder(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.exists(dir)) return out;
        try (Stream<Path> all = Files.walk(dir)) {
            all.filter(Files::isRegularFile).sorted().forEach(out::add);
        }
        return out;
    }

    /**
     * Child JVM: {@code Pipeline DATA_FILE ROOT EPOCHS} runs one pipeline in ROOT, printing each phase
     * (and each training step) as it starts, so the parent knows where its kill landed.
     */
    public static void main(String[] args) throws Exception {
        Pipeline p = new Pipeline(loadData(Paths.get(args[0])), Integer.parseInt(args[2]));
        PrintStream out = System.out;
        out.println("phase start");
        out.flush();
        p.run(Paths.get(args[1]), IoHooks.NONE, new TrainingListener() {
            @Override
            public void onStep(Progress pr) {
                out.println("phase train " + pr.globalStep());
                out.flush();
            }

            @Override
            public void onMessage(String m) {
                out.println(m.startsWith("phase") ? m : "message " + m);
                out.flush();
            }
        });
    }
}

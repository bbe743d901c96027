package org.localexpert.core.model;

import java.util.Arrays;
import java.util.Random;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Conv2D;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.Flatten;
import org.localexpert.core.layer.MaxPool2D;
import org.localexpert.core.layer.Padding;
import org.localexpert.core.loss.SoftmaxCrossEntropy;
import org.localexpert.core.tensor.Tensor;

/**
 * Harness (not a unit test; lives with the tests because it uses java.lang.management, which
 * Android lacks): forward+backward training throughput in samples/s, with warm-up and the median of
 * several timed rounds, for the engine alone (random data, no optimizer). The trainer's
 * {@code train.TrainingBenchmark} measures the same on MNIST with an optimizer step.
 *
 * <pre>
 *   java -cp ml-core/target/classes:ml-core/target/test-classes org.localexpert.core.model.LeNetThroughput [batch] [threads...]
 * </pre>
 * prints LeNet-5 (28×28×1, conv5×5×6 – pool – conv5×5×16 – pool – 120 – 84 – 10) samples/s per
 * wall-clock second, and per CPU-second of the process: on a shared machine the wall figure
 * depends on what else runs, the CPU figure much less.
 */
public final class LeNetThroughput {
    private LeNetThroughput() {}

    /** The classic LeNet-5 on 28×28 MNIST digits (VALID convolutions, ReLU, max pooling). */
    public static Model lenet5(long seed) {
        Model.Builder b = Model.builder(seed);
        Node x = b.input("image", 28, 28, 1);
        Node h = b.add(new Conv2D("conv1", 1, 6, 5, 1, Padding.VALID, Activation.RELU), x);
        h = b.add(new MaxPool2D("pool1", 2, 2, Padding.VALID), h);
        h = b.add(new Conv2D("conv2", 6, 16, 5, 1, Padding.VALID, Activation.RELU), h);
        h = b.add(new MaxPool2D("pool2", 2, 2, Padding.VALID), h);
        h = b.add(new Flatten("flatten"), h);
        h = b.add(new Dense("fc1", 256, 120, Activation.RELU), h);
        h = b.add(new Dense("fc2", 120, 84, Activation.RELU), h);
        return b.build(b.add(new Dense("logits", 84, 10, Activation.NONE), h));
    }

    /**
     * Median training samples/s of {@code model} (one input, classifier output) on random data:
     * zeroGrad + forward + loss + backward per batch, no optimizer step.
     */
    public static double[] trainingSamplesPerSecond(Model model, int batch, int threads, double seconds) {
        model.setThreads(threads);
        Random rng = new Random(1);
        int[] shape = model.inputs().get(0).shapeWithBatch(batch);
        Tensor x = Tensor.zeros(shape);
        for (int i = 0; i < x.size(); i++) x.data()[i] = rng.nextFloat();
        int classes = model.outputs().get(0).channels();
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = rng.nextInt(classes);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Runnable step = () -> {
            model.zeroGrad();
            loss.forward(model.forward(x, true), labels);
            model.backward(loss.backward());
        };
        timeRounds(step, seconds); // warm-up: let the JIT compile the hot loops
        double[] wall = new double[5], cpu = new double[5];
        for (int r = 0; r < wall.length; r++) {
            double[] t = timeRounds(step, seconds / 5);
            wall[r] = batch * t[0];
            cpu[r] = batch * t[1];
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[wall.length / 2], cpu[cpu.length / 2]};
    }

    /** Runs {@code step} for about {@code seconds}; returns steps per wall second and per process CPU second. */
    private static double[] timeRounds(Runnable step, double seconds) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long start = System.nanoTime(), end = start + (long) (seconds * 1e9), cpu0 = os.getProcessCpuTime();
        int steps = 0;
        long now;
        do {
            step.run();
            steps++;
            now = System.nanoTime();
        } while (now < end);
        long cpu = os.getProcessCpuTime() - cpu0;
        return new double[] {steps / ((now - start) / 1e9), steps / (cpu / 1e9)};
    }

    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int[] threads = args.length > 1 ? Arrays.stream(Arrays.copyOfRange(args, 1, args.length)).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, Runtime.getRuntime().availableProcessors()};
        System.out.println("LeNet-5 forward+backward, batch " + batch + ", " + Runtime.getRuntime().availableProcessors()
                + " processors, " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        for (int t : threads) {
            double[] sps = trainingSamplesPerSecond(lenet5(1), batch, t, 6.0);
            System.out.printf("  threads %d: %.0f samples/s (wall), %.0f samples per CPU-second%n", t, sps[0], sps[1]);
        }
        System.out.printf("  load average now: %.1f%n", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}

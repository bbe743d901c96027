package org.localexpert.core.data;

import static org.junit.Assume.assumeTrue;

/**
 * MNIST joined with QMNIST, loaded once per test JVM and shared by every test class that needs it
 * (Datasets are immutable, so sharing is safe). Each class used to load both parts itself.
 */
public final class MnistFixture {
    private static Dataset train;
    private static Dataset test;

    private MnistFixture() {}

    /** Skips the calling test, naming the missing set and where it comes from, unless both are present. */
    public static void assumeAvailable() {
        assumeTrue(DataLocation.missingMessage(DataLocation.MNIST), DataLocation.has(DataLocation.MNIST));
        assumeTrue(DataLocation.missingMessage(DataLocation.QMNIST), DataLocation.has(DataLocation.QMNIST));
    }

    /** MNIST train (60,000 digits with writer ids); skips the test when the data is absent. */
    public static synchronized Dataset train() {
        assumeAvailable();
        if (train == null) train = Mnist.load(Mnist.Part.TRAIN);
        return train;
    }

    /** MNIST t10k (10,000 digits with writer ids); skips the test when the data is absent. */
    public static synchronized Dataset test() {
        assumeAvailable();
        if (test == null) test = Mnist.load(Mnist.Part.TEST);
        return test;
    }
}

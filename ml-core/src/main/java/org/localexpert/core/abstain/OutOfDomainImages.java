package org.localexpert.core.abstain;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Resize;

/**
 * Seeded inputs from outside the plant domain, as model inputs ({@code size x size x 3}, [0, 1]):
 * what the abstention bench and tests show the model instead of leaves.
 */
public final class OutOfDomainImages {
    private OutOfDomainImages() {}

    /** {@code n} single-colour images, colours uniformly random in RGB. */
    public static List<float[]> uniformColours(int n, int size, long seed) {
        Random r = new Random(seed);
        List<float[]> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            float red = r.nextFloat(), green = r.nextFloat(), blue = r.nextFloat();
            float[] img = new float[size * size * 3];
            for (int i = 0; i < img.length; i += 3) {
                img[i] = red;
                img[i + 1] = green;
                img[i + 2] = blue;
            }
            out.add(img);
        }
        return out;
    }

    /** {@code n} images of independent uniform noise per pixel and channel. */
    public static List<float[]> noise(int n, int size, long seed) {
        Random r = new Random(seed);
        List<float[]> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            float[] img = new float[size * size * 3];
            for (int i = 0; i < img.length; i++) img[i] = r.nextFloat();
            out.add(img);
        }
        return out;
    }

    /**
     * {@code n} seeded examples of a 28 x 28 grey digit set (MNIST, values in [0, 1]) enlarged to
     * {@code size} x {@code size} and copied into R, G and B: a "photo" of a handwritten digit.
     */
    public static List<float[]> digits(Dataset mnist, int n, int size, long seed) {
        int side = mnist.shape()[0];
        if (mnist.shape().length != 3 || mnist.shape()[1] != side || mnist.shape()[2] != 1) {
            throw new IllegalArgumentException("expected square grey images, got shape " + java.util.Arrays.toString(mnist.shape()));
        }
        int[] order = mnist.shuffledIndices(seed);
        List<float[]> out = new ArrayList<>(n);
        for (int k = 0; k < Math.min(n, order.length); k++) {
            float[] grey = Resize.resize(mnist.get(order[k]).features(), side, side, 1, size, size);
            float[] img = new float[size * size * 3];
            for (int i = 0; i < grey.length; i++) {
                float v = Math.max(0f, Math.min(1f, grey[i]));
                img[3 * i] = v;
                img[3 * i + 1] = v;
                img[3 * i + 2] = v;
            }
            out.add(img);
        }
        return out;
    }
}

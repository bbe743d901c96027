package org.localexpert.core.data;

/**
 * Turns decoded pixels into a model input. One implementation per domain, shared by folder
 * loading on the host and by the app, so training and use see identical inputs:
 * {@link HandwritingImages} (the MNIST recipe, 28x28x1) and {@link PhotoPreprocessor} (S x S RGB).
 */
public interface ImagePreprocessor {
    /**
     * Every preprocessor outputs 8-bit pixel values scaled to [0, 1], i.e. {@code (value - MEAN) / STD}
     * with these constants — what a model's metadata records as its input normalization.
     */
    float NORMALIZATION_MEAN = 0f;
    float NORMALIZATION_STD = 255f;

    /** Shape of one output without the batch dimension, e.g. [28, 28, 1] or [96, 96, 3]. */
    int[] shape();

    /** The {@code targetSize} to pass to {@link ImageDecoder#decode} for this preprocessing. */
    int decodeTarget();

    /** Model input for one image, values in [0, 1]; throws {@link DataException} for unusable content. */
    float[] apply(DecodedImage image);
}

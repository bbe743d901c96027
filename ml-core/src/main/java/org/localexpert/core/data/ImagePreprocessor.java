package org.localexpert.core.data;

/**
 * Turns decoded pixels into a model input. One implementation per domain, shared by folder
 * loading on the host and by the app, so training and use see identical inputs:
 * {@link HandwritingImages} (the MNIST recipe, 28x28x1) and {@link PhotoPreprocessor} (S x S RGB).
 */
public interface ImagePreprocessor {
    /** Shape of one output without the batch dimension, e.g. [28, 28, 1] or [96, 96, 3]. */
    int[] shape();

    /** The {@code targetSize} to pass to {@link ImageDecoder#decode} for this preprocessing. */
    int decodeTarget();

    /** Model input for one image, values in [0, 1]; throws {@link DataException} for unusable content. */
    float[] apply(DecodedImage image);
}

package org.localexpert.core.tflite;

/**
 * Affine quantization of a tensor (real = scale * (q - zeroPoint)), per tensor or per channel along
 * {@code quantizedDimension}. LocalExpert writes float32 models only; this is kept so quantized
 * files read and re-write without losing their meaning, and so check-gpu can report them.
 */
public record TfliteQuantization(float[] scale, long[] zeroPoint, int quantizedDimension) {}

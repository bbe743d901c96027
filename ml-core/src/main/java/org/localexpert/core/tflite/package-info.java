/**
 * TensorFlow Lite interop: ml-core models in and out of {@code .tflite} files.
 *
 * <ul>
 * <li>{@link org.localexpert.core.tflite.TfliteModel} — a plain picture of a file (subgraphs,
 * tensors, operators with their generated option objects, buffers, metadata);
 * {@link org.localexpert.core.tflite.TfliteReader} (verified: hostile bytes end in a
 * {@link org.localexpert.core.tflite.TfliteFormatException}) and
 * {@link org.localexpert.core.tflite.TfliteWriter} (schema 3, 16-byte aligned data, deterministic).</li>
 * <li>{@link org.localexpert.core.tflite.ModelExporter} / {@link org.localexpert.core.tflite.ModelImporter} —
 * ml-core {@code Model} ↔ file, with parity checked on the real interpreter.</li>
 * <li>{@link org.localexpert.core.tflite.LocalExpertMetadata} and {@link org.localexpert.core.tflite.GeHash} —
 * labels, normalization, provenance, and the GE a personal model belongs to.</li>
 * <li>{@link org.localexpert.core.tflite.GpuCompatibility} — what the GPU delegate would refuse
 * ({@code localexpert check-gpu}).</li>
 * </ul>
 *
 * Pure Java (flatbuffers + the TFLite schema classes), Android API 26 safe.
 */
package org.localexpert.core.tflite;

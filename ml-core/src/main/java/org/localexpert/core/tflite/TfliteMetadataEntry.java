package org.localexpert.core.tflite;

/**
 * A named entry of the model's {@code metadata} table: its bytes live in buffer {@code buffer}.
 * The converter writes e.g. "min_runtime_version"; LocalExpert writes "localexpert" (see
 * {@link LocalExpertMetadata}).
 */
public record TfliteMetadataEntry(String name, int buffer) {}

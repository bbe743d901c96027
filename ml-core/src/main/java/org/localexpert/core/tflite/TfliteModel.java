package org.localexpert.core.tflite;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain, mutable picture of a {@code .tflite} file: operator codes, subgraphs (subgraph 0 is the
 * one the interpreter runs), buffers and named metadata entries. {@link TfliteReader} makes one
 * from bytes, {@link TfliteWriter} turns one back into bytes; exporters and importers work on this
 * and never touch flatbuffers themselves.
 *
 * <p>Signature defs are not kept: LocalExpert addresses inputs and outputs by index.
 */
public final class TfliteModel {
    /** The TFLite schema version LocalExpert writes and reads. */
    public static final int SCHEMA_VERSION = 3;

    private int version = SCHEMA_VERSION;
    private String description;
    private final List<TfliteOperatorCode> operatorCodes = new ArrayList<>();
    private final List<TfliteSubgraph> subgraphs = new ArrayList<>();
    private final List<byte[]> buffers = new ArrayList<>();
    private final List<TfliteMetadataEntry> metadata = new ArrayList<>();

    /** An empty model holding only buffer 0, the empty buffer TFLite reserves for "no data". */
    public TfliteModel() {
        buffers.add(new byte[0]);
    }

    /** For the reader: a model with exactly the buffers it is given. */
    static TfliteModel withoutBuffers() {
        TfliteModel m = new TfliteModel();
        m.buffers.clear();
        return m;
    }

    public int version() {
        return version;
    }

    void setVersion(int version) {
        this.version = version;
    }

    public String description() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public List<TfliteOperatorCode> operatorCodes() {
        return operatorCodes;
    }

    /** Index of {@code code} in the operator-code table, adding it if absent. */
    public int operatorCodeIndex(TfliteOperatorCode code) {
        int i = operatorCodes.indexOf(code);
        if (i >= 0) return i;
        operatorCodes.add(code);
        return operatorCodes.size() - 1;
    }

    /** The operator code an operator runs. */
    public TfliteOperatorCode operatorCode(TfliteOperator op) {
        return operatorCodes.get(op.opcodeIndex());
    }

    public List<TfliteSubgraph> subgraphs() {
        return subgraphs;
    }

    /** Subgraph 0, the one TFLite runs. */
    public TfliteSubgraph mainSubgraph() {
        if (subgraphs.isEmpty()) throw new IllegalStateException("model has no subgraph");
        return subgraphs.get(0);
    }

    public List<byte[]> buffers() {
        return buffers;
    }

    public byte[] buffer(int index) {
        return buffers.get(index);
    }

    /** Adds a buffer (not copied) and returns its index. */
    public int addBuffer(byte[] data) {
        buffers.add(data);
        return buffers.size() - 1;
    }

    /** The constant data of a tensor, or an empty array for activations. */
    public byte[] tensorData(TfliteTensor t) {
        return buffers.get(t.buffer());
    }

    public List<TfliteMetadataEntry> metadata() {
        return metadata;
    }

    /** The bytes of the metadata entry with this name, or null. */
    public byte[] metadata(String name) {
        for (TfliteMetadataEntry e : metadata) {
            if (e.name().equals(name)) return buffers.get(e.buffer());
        }
        return null;
    }

    /** Sets the metadata entry {@code name}, replacing the bytes of an existing entry of that name. */
    public void putMetadata(String name, byte[] bytes) {
        for (TfliteMetadataEntry e : metadata) {
            if (e.name().equals(name)) {
                buffers.set(e.buffer(), bytes);
                return;
            }
        }
        metadata.add(new TfliteMetadataEntry(name, addBuffer(bytes)));
    }
}

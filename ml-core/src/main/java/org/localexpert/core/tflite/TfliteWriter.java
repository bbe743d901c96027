package org.localexpert.core.tflite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import com.google.flatbuffers.FlatBufferBuilder;
import org.tensorflow.lite.schema.Buffer;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.Metadata;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParameters;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;

/**
 * Writes a {@link TfliteModel} as {@code .tflite} bytes the way the TFLite runtime expects them:
 * schema version 3, "TFL3" identifier, every operator code with both the legacy
 * {@code deprecated_builtin_code} byte and the full {@code builtin_code}, buffer 0 empty, and
 * constant data 16-byte aligned (XNNPACK and the GPU delegate may map weights in place). Output is
 * deterministic: the same model always gives the same bytes, so write → read → write is
 * byte-identical.
 */
public final class TfliteWriter {
    /** Alignment of every buffer's data from the start of the file. */
    public static final int DATA_ALIGNMENT = 16;

    private TfliteWriter() {}

    public static byte[] write(TfliteModel m) {
        validate(m);
        long dataBytes = 0;
        for (byte[] b : m.buffers()) dataBytes += b.length + DATA_ALIGNMENT;
        FlatBufferBuilder fb = new FlatBufferBuilder((int) Math.min(Integer.MAX_VALUE - 16, dataBytes + 4096));

        // Buffers first: the builder writes back to front, so the bulky data ends up at the end of
        // the file and the small tables that describe the graph at the start.
        List<byte[]> buffers = m.buffers();
        int[] bufferOffsets = new int[buffers.size()];
        for (int i = buffers.size() - 1; i >= 0; i--) {
            byte[] data = buffers.get(i);
            int dataOffset = 0;
            if (data.length > 0) {
                ByteBuffer slot = fb.createUnintializedVector(1, data.length, DATA_ALIGNMENT);
                slot.put(data);
                dataOffset = fb.endVector();
            }
            Buffer.startBuffer(fb);
            if (data.length > 0) Buffer.addData(fb, dataOffset);
            bufferOffsets[i] = Buffer.endBuffer(fb);
        }
        int buffersVector = Model.createBuffersVector(fb, bufferOffsets);

        int[] metadataOffsets = new int[m.metadata().size()];
        for (int i = 0; i < metadataOffsets.length; i++) {
            TfliteMetadataEntry e = m.metadata().get(i);
            metadataOffsets[i] = Metadata.createMetadata(fb, fb.createString(e.name()), e.buffer());
        }
        int metadataVector = Model.createMetadataVector(fb, metadataOffsets);

        int[] subgraphOffsets = new int[m.subgraphs().size()];
        for (int i = 0; i < subgraphOffsets.length; i++) subgraphOffsets[i] = subgraph(fb, m.subgraphs().get(i));
        int subgraphsVector = Model.createSubgraphsVector(fb, subgraphOffsets);

        int[] codeOffsets = new int[m.operatorCodes().size()];
        for (int i = 0; i < codeOffsets.length; i++) {
            TfliteOperatorCode c = m.operatorCodes().get(i);
            int custom = c.customCode() == null ? 0 : fb.createString(c.customCode());
            OperatorCode.startOperatorCode(fb);
            // Runtimes older than 2.4 read only the byte; 127 is the schema's "look at builtin_code".
            OperatorCode.addDeprecatedBuiltinCode(fb, (byte) Math.min(c.builtinCode(), BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES));
            if (custom != 0) OperatorCode.addCustomCode(fb, custom);
            OperatorCode.addVersion(fb, c.version());
            OperatorCode.addBuiltinCode(fb, c.builtinCode());
            codeOffsets[i] = OperatorCode.endOperatorCode(fb);
        }
        int codesVector = Model.createOperatorCodesVector(fb, codeOffsets);
        int description = m.description() == null ? 0 : fb.createString(m.description());

        Model.startModel(fb);
        Model.addVersion(fb, m.version());
        Model.addOperatorCodes(fb, codesVector);
        Model.addSubgraphs(fb, subgraphsVector);
        if (description != 0) Model.addDescription(fb, description);
        Model.addBuffers(fb, buffersVector);
        Model.addMetadata(fb, metadataVector);
        Model.finishModelBuffer(fb, Model.endModel(fb));
        return fb.sizedByteArray();
    }

    /** Writes to a temporary file next to {@code file}, then renames it: a reader never sees half a model. */
    public static void write(TfliteModel m, Path file) throws IOException {
        byte[] bytes = write(m);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static int subgraph(FlatBufferBuilder fb, TfliteSubgraph sg) {
        int[] tensors = new int[sg.tensors().size()];
        for (int i = 0; i < tensors.length; i++) tensors[i] = tensor(fb, sg.tensor(i));
        int tensorsVector = SubGraph.createTensorsVector(fb, tensors);
        int[] ops = new int[sg.operators().size()];
        for (int i = 0; i < ops.length; i++) ops[i] = operator(fb, sg.operators().get(i));
        int opsVector = SubGraph.createOperatorsVector(fb, ops);
        int inputs = SubGraph.createInputsVector(fb, sg.inputs());
        int outputs = SubGraph.createOutputsVector(fb, sg.outputs());
        int name = sg.name() == null ? 0 : fb.createString(sg.name());
        SubGraph.startSubGraph(fb);
        SubGraph.addTensors(fb, tensorsVector);
        SubGraph.addInputs(fb, inputs);
        SubGraph.addOutputs(fb, outputs);
        SubGraph.addOperators(fb, opsVector);
        if (name != 0) SubGraph.addName(fb, name);
        return SubGraph.endSubGraph(fb);
    }

    private static int tensor(FlatBufferBuilder fb, TfliteTensor t) {
        int shape = Tensor.createShapeVector(fb, t.shape());
        int signature = t.shapeSignature() == null ? 0 : Tensor.createShapeSignatureVector(fb, t.shapeSignature());
        int name = t.name() == null ? 0 : fb.createString(t.name());
        int quant = 0;
        TfliteQuantization q = t.quantization();
        if (q != null) {
            int scale = QuantizationParameters.createScaleVector(fb, q.scale());
            int zero = QuantizationParameters.createZeroPointVector(fb, q.zeroPoint());
            QuantizationParameters.startQuantizationParameters(fb);
            QuantizationParameters.addScale(fb, scale);
            QuantizationParameters.addZeroPoint(fb, zero);
            QuantizationParameters.addQuantizedDimension(fb, q.quantizedDimension());
            quant = QuantizationParameters.endQuantizationParameters(fb);
        }
        Tensor.startTensor(fb);
        Tensor.addShape(fb, shape);
        Tensor.addType(fb, t.type());
        Tensor.addBuffer(fb, t.buffer());
        if (name != 0) Tensor.addName(fb, name);
        if (quant != 0) Tensor.addQuantization(fb, quant);
        Tensor.addIsVariable(fb, t.variable());
        if (signature != 0) Tensor.addShapeSignature(fb, signature);
        return Tensor.endTensor(fb);
    }

    private static int operator(FlatBufferBuilder fb, TfliteOperator op) {
        OperatorT o = new OperatorT();
        o.setOpcodeIndex(op.opcodeIndex());
        o.setInputs(op.inputs());
        o.setOutputs(op.outputs());
        BuiltinOptionsUnion u = new BuiltinOptionsUnion();
        u.setType(op.optionsType());
        u.setValue(op.options());
        o.setBuiltinOptions(u);
        byte[] custom = op.customOptions();
        if (custom != null) {
            int[] c = new int[custom.length];
            for (int i = 0; i < c.length; i++) c[i] = custom[i] & 0xff;
            o.setCustomOptions(c);
        }
        return Operator.pack(fb, o);
    }

    /** Refuses models the runtime would reject, with a message naming the part. */
    private static void validate(TfliteModel m) {
        if (m.subgraphs().isEmpty()) throw new IllegalArgumentException("model has no subgraph");
        if (m.buffers().isEmpty() || m.buffers().get(0).length != 0) {
            throw new IllegalArgumentException("buffer 0 must exist and be empty (TFLite reserves it for 'no data')");
        }
        for (int s = 0; s < m.subgraphs().size(); s++) {
            TfliteSubgraph sg = m.subgraphs().get(s);
            for (int i = 0; i < sg.tensors().size(); i++) {
                TfliteTensor t = sg.tensor(i);
                if (t.buffer() < 0 || t.buffer() >= m.buffers().size()) {
                    throw new IllegalArgumentException("subgraph " + s + " tensor " + i + " " + t + ": no buffer " + t.buffer());
                }
            }
            for (TfliteOperator op : sg.operators()) {
                if (op.opcodeIndex() < 0 || op.opcodeIndex() >= m.operatorCodes().size()) {
                    throw new IllegalArgumentException("subgraph " + s + " " + op + ": no operator code " + op.opcodeIndex());
                }
            }
        }
    }
}

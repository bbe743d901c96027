package org.localexpert.core.tflite;

import java.nio.ByteBuffer;
import org.tensorflow.lite.schema.BuiltinOptions;

/**
 * Walks every part of a {@code .tflite} flatbuffer that {@link TfliteReader} will read, with
 * {@link FlatBufferChecker}, before any generated accessor runs. Slot numbers are those of the
 * TFLite schema (schema.fbs, field order). Parts the reader never reads (signature defs, sparsity
 * details, custom quantization) are not walked; sparse tensors are refused outright.
 */
final class TfliteVerifier {
    private TfliteVerifier() {}

    static void verify(ByteBuffer bb) throws TfliteFormatException {
        FlatBufferChecker c = new FlatBufferChecker(bb);
        FlatBufferChecker.Table model = c.root("");
        model.scalar(0, 4, "version");
        for (FlatBufferChecker.Table code : model.tables(1, TfliteLimits.MAX_OPERATOR_CODES, "operator code")) {
            code.scalar(0, 1, "deprecated_builtin_code");
            code.string(1, "custom_code");
            code.scalar(2, 4, "version");
            code.scalar(3, 4, "builtin_code");
        }
        for (FlatBufferChecker.Table sg : model.tables(2, TfliteLimits.MAX_SUBGRAPHS, "subgraph")) {
            for (FlatBufferChecker.Table t : sg.tables(0, TfliteLimits.MAX_TENSORS, "tensor")) verifyTensor(t);
            sg.vector(1, 4, TfliteLimits.MAX_OPERANDS, "inputs");
            sg.vector(2, 4, TfliteLimits.MAX_OPERANDS, "outputs");
            for (FlatBufferChecker.Table op : sg.tables(3, TfliteLimits.MAX_OPERATORS, "operator")) verifyOperator(op);
            sg.string(4, "name");
        }
        model.string(3, "description");
        for (FlatBufferChecker.Table b : model.tables(4, TfliteLimits.MAX_BUFFERS, "buffer")) {
            b.vector(0, 1, TfliteLimits.MAX_FILE_BYTES, "data");
        }
        for (FlatBufferChecker.Table m : model.tables(6, TfliteLimits.MAX_METADATA, "metadata")) {
            m.string(0, "name");
            m.scalar(1, 4, "buffer");
        }
    }

    private static void verifyTensor(FlatBufferChecker.Table t) throws TfliteFormatException {
        t.vector(0, 4, TfliteLimits.MAX_RANK, "shape");
        t.scalar(1, 1, "type");
        t.scalar(2, 4, "buffer");
        t.string(3, "name");
        FlatBufferChecker.Table q = t.table(4, "quantization");
        if (q != null) {
            q.vector(0, 4, TfliteLimits.MAX_DIM, "min");
            q.vector(1, 4, TfliteLimits.MAX_DIM, "max");
            q.vector(2, 4, TfliteLimits.MAX_DIM, "scale");
            q.vector(3, 8, TfliteLimits.MAX_DIM, "zero_point");
            q.scalar(6, 4, "quantized_dimension");
        }
        t.scalar(5, 1, "is_variable");
        if (t.has(6)) throw new TfliteFormatException(t.where + ": sparse tensors are not supported");
        t.vector(7, 4, TfliteLimits.MAX_RANK, "shape_signature");
        t.scalar(8, 1, "has_rank");
    }

    private static void verifyOperator(FlatBufferChecker.Table op) throws TfliteFormatException {
        op.scalar(0, 4, "opcode_index");
        op.vector(1, 4, TfliteLimits.MAX_OPERANDS, "inputs");
        op.vector(2, 4, TfliteLimits.MAX_OPERANDS, "outputs");
        op.scalar(3, 1, "builtin_options_type");
        FlatBufferChecker.Table options = op.table(4, "builtin_options");
        if (options != null) verifyOptions(options, optionsType(op));
        op.vector(5, 1, TfliteLimits.MAX_FILE_BYTES, "custom_options");
        op.scalar(6, 1, "custom_options_format");
        op.vector(7, 1, TfliteLimits.MAX_OPERANDS, "mutating_variable_inputs");
        op.vector(8, 4, TfliteLimits.MAX_OPERANDS, "intermediates");
    }

    private static int optionsType(FlatBufferChecker.Table op) {
        return op.has(3) ? op.byteAt(3) : 0;
    }

    /**
     * Option tables are scalars only, except these five (checked against the generated classes by
     * TfliteVerifierTest, so a schema update cannot slip a new reference field past this list).
     */
    private static void verifyOptions(FlatBufferChecker.Table o, int type) throws TfliteFormatException {
        switch (type) {
            case BuiltinOptions.ConcatEmbeddingsOptions:
                o.vector(1, 4, TfliteLimits.MAX_DIM, "num_columns_per_channel");
                o.vector(2, 4, TfliteLimits.MAX_DIM, "embedding_dim_per_channel");
                break;
            case BuiltinOptions.ReshapeOptions:
                o.vector(0, 4, TfliteLimits.MAX_RANK, "new_shape");
                break;
            case BuiltinOptions.SqueezeOptions:
                o.vector(0, 4, TfliteLimits.MAX_RANK, "squeeze_dims");
                break;
            case BuiltinOptions.VarHandleOptions:
                o.string(0, "container");
                o.string(1, "shared_name");
                break;
            case BuiltinOptions.BucketizeOptions:
                o.vector(0, 4, TfliteLimits.MAX_DIM, "boundaries");
                break;
            default:
                break;
        }
    }
}

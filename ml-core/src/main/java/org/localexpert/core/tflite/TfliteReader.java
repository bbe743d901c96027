package org.localexpert.core.tflite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.tensorflow.lite.schema.Buffer;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
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
 * Reads a {@code .tflite} file into a {@link TfliteModel}, safely: the bytes are first verified
 * structurally ({@link TfliteVerifier}), then read with the generated schema classes, then checked
 * for meaning (indices in range, shapes bounded, constant data the size its tensor needs). Any
 * problem — including a hostile file — ends in a {@link TfliteFormatException} that says what is
 * wrong, never in another exception or an unbounded allocation.
 */
public final class TfliteReader {
    private TfliteReader() {}

    public static TfliteModel read(Path file) throws IOException, TfliteFormatException {
        long size = Files.size(file);
        if (size > TfliteLimits.MAX_FILE_BYTES) {
            throw new TfliteFormatException(file + ": " + size + " bytes, more than the limit of "
                    + TfliteLimits.MAX_FILE_BYTES);
        }
        try {
            return read(Files.readAllBytes(file));
        } catch (TfliteFormatException e) {
            throw new TfliteFormatException(file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    public static TfliteModel read(InputStream in) throws IOException, TfliteFormatException {
        byte[] chunk = new byte[1 << 16];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int n; (n = in.read(chunk)) > 0; ) {
            out.write(chunk, 0, n);
            if (out.size() > TfliteLimits.MAX_FILE_BYTES) {
                throw new TfliteFormatException("more than " + TfliteLimits.MAX_FILE_BYTES + " bytes");
            }
        }
        return read(out.toByteArray());
    }

    public static TfliteModel read(byte[] bytes) throws TfliteFormatException {
        if (bytes.length > TfliteLimits.MAX_FILE_BYTES) {
            throw new TfliteFormatException(bytes.length + " bytes, more than the limit of " + TfliteLimits.MAX_FILE_BYTES);
        }
        if (bytes.length < 8 || bytes[4] != 'T' || bytes[5] != 'F' || bytes[6] != 'L' || bytes[7] != '3') {
            throw new TfliteFormatException("not a TensorFlow Lite model (no TFL3 identifier)");
        }
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        TfliteVerifier.verify(bb);
        TfliteModel m;
        try {
            m = convert(Model.getRootAsModel(bb));
        } catch (RuntimeException e) {
            // The verifier should leave nothing for the accessors to trip on; if something slips
            // through, it is still a damaged file, not a crash.
            throw new TfliteFormatException("damaged flatbuffer (" + e + ")", e);
        }
        check(m);
        return m;
    }

    private static TfliteModel convert(Model fm) throws TfliteFormatException {
        TfliteModel m = TfliteModel.withoutBuffers();
        long version = fm.version();
        if (version != TfliteModel.SCHEMA_VERSION) {
            throw new TfliteFormatException("schema version " + version + ", only " + TfliteModel.SCHEMA_VERSION + " is supported");
        }
        m.setVersion((int) version);
        m.setDescription(string(fm.descriptionAsByteBuffer()));

        OperatorCode code = new OperatorCode();
        for (int i = 0; i < fm.operatorCodesLength(); i++) {
            fm.operatorCodes(code, i);
            // TFLite's rule: the real code is the larger of the two fields (old files fill only the
            // deprecated byte; codes above 127 put 127 there).
            int builtin = Math.max(code.deprecatedBuiltinCode(), code.builtinCode());
            if (code.deprecatedBuiltinCode() < 0 || builtin < 0 || builtin > TfliteLimits.MAX_BUILTIN_CODE) {
                throw new TfliteFormatException("operator code " + i + ": invalid builtin code " + builtin);
            }
            if (code.version() < 1) throw new TfliteFormatException("operator code " + i + ": invalid version " + code.version());
            String custom = string(code.customCodeAsByteBuffer());
            if (builtin == BuiltinOperator.CUSTOM && custom == null) {
                throw new TfliteFormatException("operator code " + i + ": custom op without a name");
            }
            m.operatorCodes().add(new TfliteOperatorCode(builtin, custom, code.version()));
        }

        SubGraph sg = new SubGraph();
        Tensor t = new Tensor();
        Operator op = new Operator();
        for (int s = 0; s < fm.subgraphsLength(); s++) {
            fm.subgraphs(sg, s);
            TfliteSubgraph out = new TfliteSubgraph(string(sg.nameAsByteBuffer()));
            for (int i = 0; i < sg.tensorsLength(); i++) {
                sg.tensors(t, i);
                out.addTensor(tensor(t, "subgraph " + s + " tensor " + i));
            }
            out.setInputs(ints(sg.inputsLength(), sg::inputs));
            out.setOutputs(ints(sg.outputsLength(), sg::outputs));
            for (int i = 0; i < sg.operatorsLength(); i++) {
                sg.operators(op, i);
                out.addOperator(operator(op, "subgraph " + s + " operator " + i));
            }
            m.subgraphs().add(out);
        }

        Buffer b = new Buffer();
        for (int i = 0; i < fm.buffersLength(); i++) {
            fm.buffers(b, i);
            ByteBuffer data = b.dataAsByteBuffer();
            byte[] bytes = new byte[data == null ? 0 : data.remaining()];
            if (data != null) data.get(bytes);
            m.buffers().add(bytes);
        }

        Metadata md = new Metadata();
        for (int i = 0; i < fm.metadataLength(); i++) {
            fm.metadata(md, i);
            String name = string(md.nameAsByteBuffer());
            if (name == null) throw new TfliteFormatException("metadata " + i + ": no name");
            long buffer = md.buffer();
            if (buffer >= fm.buffersLength()) {
                throw new TfliteFormatException("metadata '" + name + "': buffer index " + buffer + " out of range ("
                        + fm.buffersLength() + " buffers)");
            }
            m.metadata().add(new TfliteMetadataEntry(name, (int) buffer));
        }
        return m;
    }

    private static TfliteTensor tensor(Tensor t, String where) throws TfliteFormatException {
        int[] shape = ints(t.shapeLength(), t::shape);
        int[] signature = t.shapeSignatureLength() == 0 ? null : ints(t.shapeSignatureLength(), t::shapeSignature);
        long elements = 1;
        for (int d : shape) {
            if (d < 0 || d > TfliteLimits.MAX_DIM) throw new TfliteFormatException(where + ": bad dimension " + d + " in shape " + Arrays.toString(shape));
            elements *= d;
            if (elements > TfliteLimits.MAX_ELEMENTS) throw new TfliteFormatException(where + ": shape " + Arrays.toString(shape) + " is too large");
        }
        if (signature != null) {
            if (signature.length != shape.length) {
                throw new TfliteFormatException(where + ": shape signature " + Arrays.toString(signature)
                        + " does not match shape " + Arrays.toString(shape));
            }
            for (int d : signature) {
                if (d < -1 || d > TfliteLimits.MAX_DIM) throw new TfliteFormatException(where + ": bad dimension " + d + " in shape signature");
            }
        }
        long buffer = t.buffer();
        if (buffer > TfliteLimits.MAX_BUFFERS) throw new TfliteFormatException(where + ": buffer index " + buffer + " out of range");
        TfliteQuantization q = null;
        QuantizationParameters qp = t.quantization();
        if (qp != null && (qp.scaleLength() > 0 || qp.zeroPointLength() > 0)) {
            float[] scale = new float[qp.scaleLength()];
            for (int i = 0; i < scale.length; i++) scale[i] = qp.scale(i);
            long[] zero = new long[qp.zeroPointLength()];
            for (int i = 0; i < zero.length; i++) zero[i] = qp.zeroPoint(i);
            q = new TfliteQuantization(scale, zero, qp.quantizedDimension());
        }
        return new TfliteTensor(string(t.nameAsByteBuffer()), shape, signature, t.type(), (int) buffer, q, t.isVariable());
    }

    private static TfliteOperator operator(Operator op, String where) throws TfliteFormatException {
        int type = Byte.toUnsignedInt(op.builtinOptionsType());
        if (type >= BuiltinOptions.names.length) {
            throw new TfliteFormatException(where + ": unknown builtin options type " + type);
        }
        long opcode = op.opcodeIndex();
        if (opcode > TfliteLimits.MAX_OPERATOR_CODES) throw new TfliteFormatException(where + ": opcode index " + opcode + " out of range");
        OperatorT o = op.unpack();
        BuiltinOptionsUnion u = o.getBuiltinOptions();
        Object options = u == null ? null : u.getValue();
        byte optionsType = options == null ? BuiltinOptions.NONE : (byte) type;
        byte[] custom = null;
        if (o.getCustomOptions() != null && o.getCustomOptions().length > 0) {
            int[] c = o.getCustomOptions();
            custom = new byte[c.length];
            for (int i = 0; i < c.length; i++) custom[i] = (byte) c[i];
        }
        return new TfliteOperator((int) opcode, o.getInputs(), o.getOutputs(), optionsType, options, custom);
    }

    /** Meaning checks the flatbuffer structure cannot express. */
    private static void check(TfliteModel m) throws TfliteFormatException {
        if (m.subgraphs().isEmpty()) throw new TfliteFormatException("the model has no subgraph");
        int buffers = m.buffers().size();
        int codes = m.operatorCodes().size();
        for (int s = 0; s < m.subgraphs().size(); s++) {
            TfliteSubgraph sg = m.subgraphs().get(s);
            int n = sg.tensors().size();
            for (int i = 0; i < n; i++) {
                TfliteTensor t = sg.tensor(i);
                String where = "subgraph " + s + " tensor " + i + " '" + t.name() + "'";
                if (t.buffer() >= buffers) {
                    throw new TfliteFormatException(where + ": buffer index " + t.buffer() + " out of range (" + buffers + " buffers)");
                }
                int dataBytes = m.buffer(t.buffer()).length;
                int elementBytes = TfliteOps.elementBytes(t.type());
                if (dataBytes > 0 && elementBytes > 0 && dataBytes != t.elementCount() * elementBytes) {
                    throw new TfliteFormatException(where + ": " + t.typeName() + Arrays.toString(t.shape()) + " needs "
                            + t.elementCount() * elementBytes + " bytes but its buffer holds " + dataBytes);
                }
            }
            checkIndices(sg.inputs(), n, false, "subgraph " + s + " inputs");
            checkIndices(sg.outputs(), n, false, "subgraph " + s + " outputs");
            for (int i = 0; i < sg.operators().size(); i++) {
                TfliteOperator op = sg.operators().get(i);
                String where = "subgraph " + s + " operator " + i;
                if (op.opcodeIndex() >= codes) {
                    throw new TfliteFormatException(where + ": opcode index " + op.opcodeIndex() + " out of range (" + codes + " operator codes)");
                }
                where += " (" + m.operatorCode(op).opName() + ")";
                checkIndices(op.inputs(), n, true, where + " inputs");
                checkIndices(op.outputs(), n, false, where + " outputs");
            }
        }
    }

    private static void checkIndices(int[] indices, int tensors, boolean optional, String where) throws TfliteFormatException {
        for (int i : indices) {
            if (i >= tensors || i < (optional ? -1 : 0)) {
                throw new TfliteFormatException(where + ": tensor index " + i + " out of range (" + tensors + " tensors)");
            }
        }
    }

    private interface IntAt {
        int get(int i);
    }

    private static int[] ints(int n, IntAt at) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = at.get(i);
        return out;
    }

    /** Strings are decoded leniently (bad UTF-8 becomes U+FFFD): a name is not worth refusing a file. */
    private static String string(ByteBuffer b) {
        if (b == null) return null;
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

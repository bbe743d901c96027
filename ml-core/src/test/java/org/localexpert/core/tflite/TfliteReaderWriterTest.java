package org.localexpert.core.tflite;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.Assume;
import org.junit.Test;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.SoftmaxOptionsT;

public class TfliteReaderWriterTest {

    @Test
    public void roundTripIsByteIdentical() throws Exception {
        byte[] first = TfliteWriter.write(TestModels.smallCnn(1));
        TfliteModel back = TfliteReader.read(first);
        byte[] second = TfliteWriter.write(back);
        assertArrayEquals(first, second);
        assertEquals(4, back.mainSubgraph().operators().size());
        assertEquals("conv/kernel", back.mainSubgraph().tensor(1).name());
        assertArrayEquals(new int[] {-1, 8, 8, 3}, back.mainSubgraph().tensor(0).shapeSignature());
        assertEquals(1f, back.mainSubgraph().operators().get(3).options(SoftmaxOptionsT.class).getBeta(), 0f);
        assertEquals("hello", new String(back.metadata("test"), "UTF-8"));
    }

    @Test
    public void writerFollowsTheRuntimeConventions() throws Exception {
        TfliteModel m = TestModels.smallCnn(2);
        byte[] bytes = TfliteWriter.write(m);
        Model fm = Model.getRootAsModel(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        assertEquals(3, fm.version());
        assertTrue(Model.ModelBufferHasIdentifier(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)));
        assertEquals("buffer 0 empty", 0, fm.buffers(0).dataLength());
        for (int i = 0; i < fm.operatorCodesLength(); i++) {
            OperatorCode c = fm.operatorCodes(i);
            assertEquals(c.builtinCode(), c.deprecatedBuiltinCode());
            assertEquals(1, c.version());
        }
        for (int i = 1; i < fm.buffersLength(); i++) {
            ByteBuffer data = fm.buffers(i).dataAsByteBuffer();
            assertEquals("buffer " + i + " data offset is 16-byte aligned", 0, data.position() % 16);
        }
    }

    @Test
    public void codesAbove127KeepTheDeprecatedPlaceholder() throws Exception {
        TfliteModel m = TestModels.smallCnn(3);
        m.operatorCodes().add(TfliteOperatorCode.builtin(BuiltinOperator.GELU, 1));
        byte[] bytes = TfliteWriter.write(m);
        Model fm = Model.getRootAsModel(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        OperatorCode c = fm.operatorCodes(fm.operatorCodesLength() - 1);
        assertEquals(127, c.deprecatedBuiltinCode());
        assertEquals(BuiltinOperator.GELU, c.builtinCode());
        assertEquals(BuiltinOperator.GELU, TfliteReader.read(bytes).operatorCodes().get(4).builtinCode());
    }

    @Test
    public void writerRefusesANonEmptyBufferZero() {
        TfliteModel m = TestModels.smallCnn(4);
        m.buffers().set(0, new byte[] {1});
        try {
            TfliteWriter.write(m);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("buffer 0"));
        }
    }

    @Test
    public void readsTheConverterMadeMobileNet() throws Exception {
        Path file = TestModels.mobileNet();
        Assume.assumeTrue("MobileNet v1 0.25 not found under " + TestModels.dataDir() + "/backbones (see its README)", file != null);
        TfliteModel m = TfliteReader.read(file);
        TfliteSubgraph g = m.mainSubgraph();
        Map<String, Integer> ops = new HashMap<>();
        for (TfliteOperator op : g.operators()) ops.merge(m.operatorCode(op).opName(), 1, Integer::sum);
        assertEquals(Integer.valueOf(15), ops.get("CONV_2D"));
        assertEquals(Integer.valueOf(13), ops.get("DEPTHWISE_CONV_2D"));
        assertEquals(Integer.valueOf(1), ops.get("AVERAGE_POOL_2D"));
        assertEquals(Integer.valueOf(1), ops.get("SQUEEZE"));
        assertEquals(Integer.valueOf(1), ops.get("SOFTMAX"));
        assertArrayEquals(new int[] {1, 224, 224, 3}, g.tensor(g.inputs()[0]).shape());
        assertArrayEquals(new int[] {1, 1001}, g.tensor(g.outputs()[0]).shape());
        // Write → read → write of a converter-made file is stable too.
        byte[] once = TfliteWriter.write(m);
        byte[] twice = TfliteWriter.write(TfliteReader.read(once));
        assertArrayEquals(once, twice);
        assertNotNull(m.operatorCodes());
    }

    @Test
    public void garbageIsRefusedWithAClearMessage() {
        expectFormatError(new byte[0], "TFL3");
        expectFormatError("not a model at all, just text".getBytes(), "TFL3");
        byte[] bytes = TfliteWriter.write(TestModels.smallCnn(5));
        expectFormatError(java.util.Arrays.copyOf(bytes, bytes.length / 2), "");
    }

    @Test
    public void outOfRangeIndicesAreNamed() throws Exception {
        TfliteModel m = TestModels.smallCnn(6);
        TfliteSubgraph g = m.mainSubgraph();
        g.setOutputs(99);
        expectFormatError(TfliteWriter.write(m), "subgraph 0 outputs: tensor index 99 out of range");
        m = TestModels.smallCnn(6);
        m.mainSubgraph().tensors().set(1, TfliteTensor.float32("conv/kernel", new int[] {4, 3, 3, 2}, null, 1));
        expectFormatError(TfliteWriter.write(m), "needs 288 bytes but its buffer holds 432");
    }

    static void expectFormatError(byte[] bytes, String expected) {
        try {
            TfliteReader.read(bytes);
            fail("expected a TfliteFormatException containing '" + expected + "'");
        } catch (TfliteFormatException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }
}

package org.localexpert.core.tflite;

/**
 * Checks that subgraph 0 is a graph an interpreter can run in order — beyond what
 * {@link TfliteReader} verifies about the bytes. The native interpreter trusts the file; a graph
 * that reads a tensor before anything wrote it, writes one tensor twice, or carries operators
 * whose results nobody reads (which crashed TFLite 2.6.2 with XNNPACK in a test) is refused here,
 * in Java, with the operator named.
 */
public final class GraphCheck {
    private GraphCheck() {}

    public static void requireRunnable(TfliteModel m) throws TfliteFormatException {
        TfliteSubgraph g = m.mainSubgraph();
        int n = g.tensors().size();
        boolean[] ready = new boolean[n];
        for (int i : g.inputs()) ready[i] = true;
        for (int t = 0; t < n; t++) if (m.tensorData(g.tensor(t)).length > 0) ready[t] = true;
        for (int i = 0; i < g.operators().size(); i++) {
            TfliteOperator op = g.operators().get(i);
            String where = "operator " + i + " (" + m.operatorCode(op).opName() + ")";
            for (int in : op.inputs()) {
                if (in >= 0 && !ready[in] && !g.tensor(in).variable()) {
                    throw new TfliteFormatException(where + " reads tensor " + in + " " + g.tensor(in) + " before anything computes it");
                }
            }
            for (int out : op.outputs()) {
                if (ready[out]) throw new TfliteFormatException(where + " writes tensor " + out + " " + g.tensor(out) + ", which already has a value");
                ready[out] = true;
            }
        }
        boolean[] read = new boolean[n];
        for (int o : g.outputs()) {
            if (!ready[o]) throw new TfliteFormatException("output tensor " + o + " " + g.tensor(o) + " is never computed");
            read[o] = true;
        }
        for (TfliteOperator op : g.operators()) for (int in : op.inputs()) if (in >= 0) read[in] = true;
        for (int i = 0; i < g.operators().size(); i++) {
            TfliteOperator op = g.operators().get(i);
            boolean used = false;
            for (int out : op.outputs()) used |= read[out];
            if (!used) {
                throw new TfliteFormatException("operator " + i + " (" + m.operatorCode(op).opName()
                        + ") computes results nothing reads (dead branch)");
            }
        }
    }
}

package org.localexpert.core.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.LabelNames;
import org.localexpert.core.tflite.GeHash;
import org.localexpert.core.tflite.IncompatibleModelException;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.PersonalModelCheck;
import org.localexpert.core.tflite.TfliteFormatException;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.core.tflite.TfliteSubgraph;

/**
 * The format-level half of what a personal model must pass before {@link ModelStore} stores it,
 * tied to the global expert installed now: {@link PersonalModelCheck} (reads safely, runnable graph,
 * LocalExpert metadata, trained against this GE's weight hash, GPU-delegate compatible), and then
 * what a file from elsewhere could still get wrong: it must be a mixture whose embedded GE weights
 * hash to the installed GE's (the metadata's hash is only a claim), take exactly the GE's
 * input shape, list the GE's labels first (its own after them), and every label must be a valid
 * label name. The app chains its device half with {@link #andThen}: load in the interpreter and
 * evaluate on the held-out samples.
 */
public final class PersonalModelVerifier implements ModelVerifier {
    /** Where the mixture's graph has the GE's tensors ({@code Mixture} includes the GE under this prefix). */
    static final String MIXTURE_GE_PREFIX = "ge/";
    private final String geHash;
    private final int[] geInput;
    private final List<String> geLabels;
    private final ModelVerifier next;

    private PersonalModelVerifier(String geHash, int[] geInput, List<String> geLabels, ModelVerifier next) {
        this.geHash = geHash;
        this.geInput = geInput;
        this.geLabels = geLabels;
        this.next = next;
    }

    /**
     * For the GE in {@code geFile} (the shipped {@code .tflite}); its labels come from its LocalExpert
     * metadata, or from {@code labelsIfNoMetadata} when it has none.
     */
    public static PersonalModelVerifier forGlobalExpert(byte[] geFile, List<String> labelsIfNoMetadata)
            throws TfliteFormatException {
        TfliteModel ge = TfliteReader.read(geFile);
        LocalExpertMetadata meta = LocalExpertMetadata.read(ge);
        List<String> labels = meta != null && !meta.labels().isEmpty() ? meta.labels()
                : labelsIfNoMetadata == null ? Collections.<String>emptyList() : labelsIfNoMetadata;
        TfliteSubgraph g = ge.mainSubgraph();
        if (g.inputs().length != 1) throw new TfliteFormatException("the global expert must have one input, it has " + g.inputs().length);
        return new PersonalModelVerifier(GeHash.of(ge), g.tensor(g.inputs()[0]).shape().clone(),
                Collections.unmodifiableList(new ArrayList<>(labels)), null);
    }

    /** The same checks, then {@code more} (e.g. the interpreter load and the held-out evaluation). */
    public PersonalModelVerifier andThen(ModelVerifier more) {
        if (more == null) throw new IllegalArgumentException("more must not be null");
        ModelVerifier chained = next == null ? more : bytes -> {
            next.verify(bytes);
            more.verify(bytes);
        };
        return new PersonalModelVerifier(geHash, geInput, geLabels, chained);
    }

    public String geHash() {
        return geHash;
    }

    @Override
    public void verify(byte[] model) throws Exception {
        LocalExpertMetadata meta = PersonalModelCheck.verify(model, geHash);
        if (!"mixture".equals(meta.role())) {
            throw new IncompatibleModelException("the model is a '" + meta.role() + "', not a personal mixture of experts");
        }
        TfliteModel m = TfliteReader.read(model);
        TfliteSubgraph g = m.mainSubgraph();
        if (g.inputs().length != 1) throw new IncompatibleModelException("the model has " + g.inputs().length + " inputs; a mixture has one image input");
        int[] input = g.tensor(g.inputs()[0]).shape();
        if (!Arrays.equals(perSample(input), perSample(geInput))) {
            throw new IncompatibleModelException("the model takes input " + Arrays.toString(perSample(input))
                    + " but the installed global expert takes " + Arrays.toString(perSample(geInput)));
        }
        List<String> labels = meta.labels();
        for (String label : labels) {
            try {
                LabelNames.validate(label, "the model's metadata");
            } catch (DataException e) {
                throw new IncompatibleModelException(e.getMessage());
            }
        }
        if (labels.size() < geLabels.size() || !labels.subList(0, geLabels.size()).equals(geLabels)) {
            throw new IncompatibleModelException("the model's labels " + labels + " do not begin with the global expert's "
                    + geLabels + "; personalize again");
        }
        // The metadata's GE hash is a claim; the GE's weights inside the mixture are the fact.
        if (!GeHash.embedded(m, MIXTURE_GE_PREFIX).equals(geHash)) {
            throw new IncompatibleModelException("the global expert inside the model is not the installed one (its weights differ); "
                    + "personalize again");
        }
        if (next != null) next.verify(model);
    }

    private static int[] perSample(int[] shape) {
        return shape.length == 0 ? shape : Arrays.copyOfRange(shape, 1, shape.length);
    }
}

package org.localexpert.core.tflite;

import java.util.List;

/**
 * The checks a freshly written personal model must pass before the app swaps it in (and that a
 * model file from elsewhere must pass before it is used): it reads safely, its graph can run, it
 * carries LocalExpert metadata, it was trained against the global expert installed now, and the
 * GPU delegate takes all of it. Each failure says which check failed and why.
 */
public final class PersonalModelCheck {
    private PersonalModelCheck() {}

    /** Returns the model's metadata when every check passes. */
    public static LocalExpertMetadata verify(byte[] file, String installedGeHash)
            throws TfliteFormatException, IncompatibleModelException {
        TfliteModel m = TfliteReader.read(file);
        GraphCheck.requireRunnable(m);
        LocalExpertMetadata meta = LocalExpertMetadata.read(m);
        if (meta == null) {
            throw new IncompatibleModelException("the model has no LocalExpert metadata, so it cannot be tied to a global expert");
        }
        meta.requireTrainedAgainst(installedGeHash);
        List<GpuCompatibility.Problem> problems = GpuCompatibility.check(m);
        if (!problems.isEmpty()) {
            throw new IncompatibleModelException(problems.size() + " part(s) of the model would not run on the GPU delegate, first: "
                    + problems.get(0));
        }
        int outputs = m.mainSubgraph().outputs().length;
        if (!meta.labels().isEmpty()) {
            TfliteTensor probs = m.mainSubgraph().tensor(m.mainSubgraph().outputs()[0]);
            long classes = probs.rank() == 0 ? 1 : probs.shape()[probs.rank() - 1];
            if (classes != meta.labels().size()) {
                throw new IncompatibleModelException("the model outputs " + classes + " classes but its metadata lists "
                        + meta.labels().size() + " labels");
            }
        }
        if (outputs == 0) throw new IncompatibleModelException("the model has no outputs");
        return meta;
    }
}

package org.localexpert.app.fake;

import org.localexpert.app.data.PrivacyRepository;

/** Clears every fake repository, as the real one deletes rows and files. */
public class FakePrivacyRepository implements PrivacyRepository {
    private final FakeSampleRepository samples;
    private final FakeModelRepository models;
    private final FakeDiagnosisRepository diagnoses;
    public int deletions;

    public FakePrivacyRepository(FakeSampleRepository samples, FakeModelRepository models, FakeDiagnosisRepository diagnoses) {
        this.samples = samples;
        this.models = models;
        this.diagnoses = diagnoses;
    }

    @Override
    public void deleteAllMyData() {
        deletions++;
        samples.clear();
        models.clear();
        diagnoses.clear();
    }
}

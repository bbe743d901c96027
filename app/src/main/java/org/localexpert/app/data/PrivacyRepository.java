package org.localexpert.app.data;

/** The user's right to forget. Blocking: call off the main thread. */
public interface PrivacyRepository {
    /** Removes every sample, photo, personal model, diagnosis and training run: rows and files. */
    void deleteAllMyData();
}

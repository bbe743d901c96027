/**
 * Keeping the user's files safe on the phone: nothing half-written is ever read, and a personal
 * model becomes active only after it was verified, written whole and read back.
 *
 * <ul>
 * <li>{@link org.localexpert.core.store.AtomicFile} — every file LocalExpert writes (samples,
 *     checkpoints, models, records): temporary file in the same folder, {@code force(true)},
 *     atomic rename, directory fsync; {@code cleanTemps(dir)} on start-up removes what a crash left.</li>
 * <li>{@link org.localexpert.core.store.ModelStore} — one per domain folder: {@code install} (verify →
 *     write → read back → commit the manifest), {@code active()}, {@code versions()},
 *     {@code rollback()}, {@code activate(id)}, {@code delete(id)}, {@code deleteAll()}; recovery on
 *     {@code open}. Keeps 3 versions by default.</li>
 * <li>{@link org.localexpert.core.store.PersonalModelVerifier} — the format-level checks against the
 *     installed GE; the app adds its interpreter load and held-out evaluation with {@code andThen}.</li>
 * <li>{@link org.localexpert.core.store.IoHooks} / {@link org.localexpert.core.store.FileSystemFaults}
 *     — the seam tests use to crash or fill the disk at any file step.</li>
 * </ul>
 *
 * <p>Typical use in the app's training worker:
 * <pre>{@code
 * AtomicFile files = AtomicFile.standard();
 * files.cleanTemps(samplesDir);                       // on start: leftovers of a killed write
 * ModelStore store = ModelStore.open(new File(context.getFilesDir(), "models/handwriting").toPath(),
 *         PersonalModelVerifier.forGlobalExpert(shippedGeBytes, labels).andThen(bytes -> loadAndEvaluate(bytes)));
 * TrainerOptions o = TrainerOptions.builder()...checkpoint(ckpt, 50).resume(true).build();  // resumes after a kill
 * ... train, export the mixture bytes ...
 * ModelVersion v = store.install(mixtureBytes, info);  // ModelRejectedException: nothing changed, say why
 * files.delete(ckpt);
 * }</pre>
 * Android API 26 safe: only java.nio.file, java.nio.channels and java.util.
 */
package org.localexpert.core.store;

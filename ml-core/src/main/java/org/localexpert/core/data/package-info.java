/**
 * The data layer: what the engine trains and scores on, for both domains, on the host and in the app.
 *
 * <ul>
 * <li>{@link org.localexpert.core.data.Example} and {@link org.localexpert.core.data.Dataset}: labelled
 * feature arrays with provenance (NIST writer, series, source file); subsets, seeded stratified splits,
 * NHWC {@link org.localexpert.core.data.Batch}es.</li>
 * <li>MNIST: {@link org.localexpert.core.data.IdxReader}, {@link org.localexpert.core.data.Mnist} (joined
 * with QMNIST writer ids), {@link org.localexpert.core.data.HandwritingSplits} (users, benchmark-GE set,
 * generic test).</li>
 * <li>Handwriting from strokes or bitmaps, one path for the canvas and for folders:
 * {@link org.localexpert.core.data.StrokeRasterizer}, {@link org.localexpert.core.data.HandwritingPreprocessor}.</li>
 * <li>Images: {@link org.localexpert.core.data.ImageDecoder} (the CLI's javax.imageio one, {@code org.localexpert.host.ImageIoDecoder}; the app
 * brings an android.graphics one), {@link org.localexpert.core.data.ExifOrientation},
 * {@link org.localexpert.core.data.Resize} (the one resampler), {@link org.localexpert.core.data.PhotoPreprocessor},
 * {@link org.localexpert.core.data.ImageFolderDataset}, {@link org.localexpert.core.data.PlantSplits}.</li>
 * <li>Where the development data live and what to say when they do not:
 * {@link org.localexpert.core.data.DataLocation}, {@link org.localexpert.core.data.MissingDataException};
 * every user mistake in data is a one-line {@link org.localexpert.core.data.DataException}.</li>
 * </ul>
 * All model inputs are pixel values scaled to [0, 1]. Nothing here imports Android, java.awt or
 * javax.imageio: whatever reads image files takes an {@link org.localexpert.core.data.ImageDecoder}.
 */
package org.localexpert.core.data;

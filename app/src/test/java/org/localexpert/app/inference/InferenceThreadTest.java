package org.localexpert.app.inference;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import android.os.Looper;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.data.AndroidImageDecoder;
import org.localexpert.app.data.Domain;
import org.localexpert.app.work.MnistSamples;
import org.localexpert.app.work.TestPhone;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.DecodedImage;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.PhotoPreprocessor;
import org.localexpert.core.predict.Prediction;
import org.localexpert.core.store.IoHooks;
import org.localexpert.host.ImageIoDecoder;
import org.robolectric.annotation.Config;
import org.robolectric.shadows.ShadowLooper;

/**
 * The predictor on the REAL shipped models from the APK assets (Java engine, since TFLite's natives do not load
 * under Robolectric): digits are recognised, a leaf photo decoded by the app's decoder gets a plant diagnosis,
 * results arrive on the main thread from the one inference thread.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
public class InferenceThreadTest {
    private TestPhone phone;

    @After
    public void tearDown() {
        if (phone != null) phone.close();
    }

    @Test
    public void shippedHandwritingModelRecognisesRealDigitsOnTheMainThread() throws Exception {
        phone = new TestPhone("inference", IoHooks.NONE);
        Predictor predictor = phone.container.predictor();
        List<MnistSamples.Digit> digits = MnistSamples.digits(Mnist.LABELS, 2, 7000);
        List<Prediction> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Exception> errors = new ArrayList<>();
        for (MnistSamples.Digit d : digits) {
            predictor.predict(Domain.HANDWRITING, d.pixels, p -> {
                results.add(p);
                threads.add(Thread.currentThread());
            }, errors::add);
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (results.size() < digits.size() && System.currentTimeMillis() < deadline) {
            ShadowLooper.idleMainLooper(50, TimeUnit.MILLISECONDS);
            Thread.sleep(10);
        }
        assertEquals("prediction errors: " + errors, 0, errors.size());
        assertEquals(digits.size(), results.size());
        int correct = 0;
        for (int i = 0; i < digits.size(); i++) {
            if (results.get(i).label().equals(digits.get(i).label)) correct++;
            assertEquals(Prediction.Expert.GLOBAL, results.get(i).expert());
            assertEquals(Looper.getMainLooper().getThread(), threads.get(i));
        }
        assertTrue(correct + " of 20 digits right", correct >= 19);
        assertEquals("Java engine (tests)", predictor.backend(Domain.HANDWRITING));
    }

    @Test
    public void appDecoderMatchesTheHostAndThePlantModelDiagnosesALeafPhoto() throws Exception {
        File photos = new File(DataLocation.root(), DataLocation.SUGARCANE_DAPHAL + "/Rust");
        assumeTrue("sugarcane photos not found under " + photos + ": skipping", photos.isDirectory());
        File[] jpgs = photos.listFiles((d, n) -> n.endsWith(".jpg"));
        assertNotNull(jpgs);
        phone = new TestPhone("plant-inference", IoHooks.NONE);
        // PNG: the app's BitmapFactory decoder and the host's ImageIO decoder give the same pixels.
        File png = new File(phone.files().root(), "digit.png");
        png.getParentFile().mkdirs();
        Files.write(png.toPath(), MnistSamples.digits(Mnist.LABELS, 1, 0).get(0).png);
        DecodedImage app = new AndroidImageDecoder().decode(png, 0), host = new ImageIoDecoder().decode(png, 0);
        assertEquals(host.width(), app.width());
        assertArrayEquals(host.argb(), app.argb());

        // The input size comes from the shipped model (it may be replaced by a retrained one).
        int[] shape = new org.localexpert.app.data.ShippedModels(org.localexpert.app.data.ShippedModels.of(phone.context.getAssets()))
                .globalExpert(Domain.PLANT).inputShape();
        PhotoPreprocessor pre = new PhotoPreprocessor(shape[0]);
        float[] input = pre.apply(new AndroidImageDecoder().decode(jpgs[0], pre.decodeTarget()));
        Prediction p = ((InferenceThread) phone.container.predictor()).predictNow(Domain.PLANT, input);
        assertTrue(p.toString(), phone.container.samples().labels(Domain.PLANT).contains(p.label()));
        assertTrue(p.probability() > 0 && p.probability() <= 1);
        System.out.println("plant prediction for " + jpgs[0].getName() + ": " + p);
    }

    /** Errors that are not Exceptions (native library missing, out of memory) still reach the screen's error callback. */
    @Test
    public void anOutOfMemoryErrorOrAMissingNativeLibraryEndsInTheErrorCallback() throws Exception {
        phone = new TestPhone("inference-errors", IoHooks.NONE);
        Throwable[] failures = {new UnsatisfiedLinkError("dlopen failed: libtensorflowlite_jni.so not found"), new OutOfMemoryError("Java heap space")};
        for (Throwable failure : failures) {
            EngineFactory broken = model -> {
                if (failure instanceof Error) throw (Error) failure;
                throw new IllegalStateException(failure);
            };
            try (InferenceThread predictor = new InferenceThread(phone.models(), broken)) {
                List<Exception> errors = new ArrayList<>();
                List<Prediction> results = new ArrayList<>();
                predictor.predict(Domain.HANDWRITING, new float[28 * 28], results::add, errors::add);
                long deadline = System.currentTimeMillis() + 10_000;
                while (errors.isEmpty() && results.isEmpty() && System.currentTimeMillis() < deadline) {
                    ShadowLooper.idleMainLooper(20, TimeUnit.MILLISECONDS);
                    Thread.sleep(5);
                }
                assertEquals("no result", 0, results.size());
                assertEquals("one error for " + failure, 1, errors.size());
                assertTrue(errors.get(0).getMessage(), errors.get(0).getCause() == failure);
                assertTrue(errors.get(0).getMessage(), errors.get(0).getMessage().contains(failure instanceof OutOfMemoryError ? "memory" : "could not be loaded"));
            }
        }
    }
}

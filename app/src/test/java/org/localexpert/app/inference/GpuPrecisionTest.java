package org.localexpert.app.inference;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.tensorflow.lite.gpu.GpuDelegate;

/**
 * The GPU delegate allows precision loss unless told otherwise; bench-fp16 found that half precision breaks personal
 * mixtures (NaN answers, route changes above 0.5 %), so the options the app builds must turn it off. Options are plain
 * Java: no GPU or native library is needed to check them.
 */
public class GpuPrecisionTest {
    @Test
    public void theDelegateIsToldToKeepFloat32() {
        GpuDelegate.Options defaults = new GpuDelegate.Options();
        assertTrue("TFLite's default: precision loss allowed (what this class exists to change)", defaults.isPrecisionLossAllowed());
        GpuDelegate.Options applied = GpuPrecision.apply(defaults);
        assertSame(defaults, applied);
        assertFalse(applied.isPrecisionLossAllowed());
    }
}

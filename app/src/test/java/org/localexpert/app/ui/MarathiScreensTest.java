package org.localexpert.app.ui;

import androidx.test.ext.junit.runners.AndroidJUnit4;

import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;

/** {@link ScreenTour} in Marathi (light theme): screenshots in app/screenshots/mr/. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36, qualifiers = "mr-w360dp-h720dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class MarathiScreensTest extends ScreenTour {
    @Override
    protected String variant() {
        return "mr";
    }

    @Override
    protected boolean translated() {
        return true;
    }

    @Override
    protected String userNote() {
        return "शेत ३, उत्तरेकडचा बांध";
    }
}

package org.localexpert.app.ui;

import androidx.test.ext.junit.runners.AndroidJUnit4;

import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;

/** {@link ScreenTour} in the light theme, in English: screenshots in app/screenshots/light/. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36, qualifiers = "w360dp-h720dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class LightScreensTest extends ScreenTour {
    @Override
    protected String variant() {
        return "light";
    }
}

package org.localexpert.app;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import android.animation.ValueAnimator;

import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;

/** The app's Robolectric tests run in {@link TestLocalExpertApp}: renaming either class must not bring animations back. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
public class TestLocalExpertAppTest {
    @Test
    public void theTestsRunTheAppWithAnimationsOff() {
        assertTrue("Robolectric built " + ApplicationProvider.getApplicationContext().getClass().getName(),
                ApplicationProvider.getApplicationContext() instanceof TestLocalExpertApp);
        assertFalse("animators end on their first frame", ValueAnimator.areAnimatorsEnabled());
    }
}

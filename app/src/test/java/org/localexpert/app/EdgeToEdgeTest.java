package org.localexpert.app;

import static org.junit.Assert.assertEquals;

import android.os.Build;
import android.view.View;

import androidx.core.graphics.Insets;
import androidx.core.view.ViewCompat;
import androidx.core.view.WindowInsetsCompat;
import androidx.test.core.app.ActivityScenario;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.fake.FakeAppContainer;
import org.robolectric.annotation.Config;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Edge to edge (forced by Android 15+ on apps that target it): the screens' container is padded by whatever system
 * bars, cutout and keyboard insets reach it, so no screen draws under them - a phone in portrait (navigation bar at
 * the bottom), in landscape (navigation bar and cutout at the sides) and a tablet.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
public class EdgeToEdgeTest {

    @After
    public void forgetFakes() {
        FakeAppContainer.uninstall();
    }

    /** Dispatches {@code insets} to the screens' container as the window would, returns its padding (l, t, r, b). */
    private static Insets paddingAfter(WindowInsetsCompat insets) {
        FakeAppContainer.install();
        AtomicReference<Insets> padding = new AtomicReference<>();
        try (ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
            scenario.onActivity(a -> {
                View container = a.findViewById(R.id.main_container);
                ViewCompat.dispatchApplyWindowInsets(container, insets);
                padding.set(Insets.of(container.getPaddingLeft(), container.getPaddingTop(), container.getPaddingRight(), container.getPaddingBottom()));
            });
        }
        return padding.get();
    }

    @Test
    public void portraitPhoneKeepsContentAboveTheNavigationBarAndBelowTheStatusBar() {
        WindowInsetsCompat insets = new WindowInsetsCompat.Builder()
                .setInsets(WindowInsetsCompat.Type.statusBars(), Insets.of(0, 63, 0, 0))
                .setInsets(WindowInsetsCompat.Type.navigationBars(), Insets.of(0, 0, 0, 126))
                .build();
        assertEquals(Insets.of(0, 63, 0, 126), paddingAfter(insets));
    }

    @Test
    @Config(qualifiers = "land")
    public void landscapePhoneKeepsContentClearOfTheSideNavigationBarAndCutout() {
        WindowInsetsCompat insets = new WindowInsetsCompat.Builder()
                .setInsets(WindowInsetsCompat.Type.statusBars(), Insets.of(0, 63, 0, 0))
                .setInsets(WindowInsetsCompat.Type.navigationBars(), Insets.of(0, 0, 126, 0))
                .setInsets(WindowInsetsCompat.Type.displayCutout(), Insets.of(80, 0, 0, 0))
                .build();
        // Cutouts exist from Android 9 (API 28); before, the platform has no such inset (the phone letterboxes).
        int cutout = Build.VERSION.SDK_INT >= 28 ? 80 : 0;
        assertEquals(Insets.of(cutout, 63, 126, 0), paddingAfter(insets));
    }

    @Test
    @Config(qualifiers = "w1280dp-h800dp-land-xhdpi")
    public void tabletWithTheKeyboardUpKeepsContentAboveTheKeyboard() {
        // Android 11 (API 30) reports the keyboard as its own inset type; before, it arrives inside the system
        // window insets (the bottom "bar" grows by the keyboard), which is how the platform dispatches it there.
        WindowInsetsCompat insets = Build.VERSION.SDK_INT >= 30
                ? new WindowInsetsCompat.Builder()
                        .setInsets(WindowInsetsCompat.Type.statusBars(), Insets.of(0, 48, 0, 0))
                        .setInsets(WindowInsetsCompat.Type.navigationBars(), Insets.of(0, 0, 0, 96))
                        .setInsets(WindowInsetsCompat.Type.ime(), Insets.of(0, 0, 0, 700))
                        .build()
                : new WindowInsetsCompat.Builder()
                        .setInsets(WindowInsetsCompat.Type.statusBars(), Insets.of(0, 48, 0, 0))
                        .setInsets(WindowInsetsCompat.Type.navigationBars(), Insets.of(0, 0, 0, 700))
                        .build();
        assertEquals(Insets.of(0, 48, 0, 700), paddingAfter(insets));
    }
}

package org.localexpert.app;

import android.os.Bundle;
import android.view.View;

import androidx.appcompat.app.AppCompatActivity;
import androidx.core.graphics.Insets;
import androidx.core.view.ViewCompat;
import androidx.core.view.WindowCompat;
import androidx.core.view.WindowInsetsCompat;

import org.localexpert.app.ui.home.HomeFragment;

/**
 * The app's only activity: it hosts the screens, which are fragments swapped in its container
 * (see {@code ui.common.Navigation}); the first one is {@link HomeFragment}.
 */
public final class MainActivity extends AppCompatActivity {

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        // Edge to edge on every Android version, as Android 15+ forces on apps that target it: the window draws
        // behind the status and navigation bars, and the screens are kept out from under them by insets.
        WindowCompat.setDecorFitsSystemWindows(getWindow(), false);
        setContentView(R.layout.activity_main);
        keepOutOfSystemBars(findViewById(R.id.main_container));
        // After a rotation or process death the fragment manager restores the screens itself.
        if (savedInstanceState == null) {
            getSupportFragmentManager().beginTransaction()
                    .setReorderingAllowed(true)
                    .add(R.id.main_container, new HomeFragment())
                    .commit();
        }
    }

    /**
     * Every screen is a fragment in {@code container}, so padding it by the insets that reach it keeps all of them
     * clear of the status bar, the navigation bar (bottom in portrait, a side in landscape), a display cutout and
     * the keyboard. AppCompat's action bar takes the top inset first; whatever it leaves arrives here.
     */
    static void keepOutOfSystemBars(View container) {
        ViewCompat.setOnApplyWindowInsetsListener(container, (v, insets) -> {
            Insets bars = insets.getInsets(WindowInsetsCompat.Type.systemBars() | WindowInsetsCompat.Type.displayCutout()
                    | WindowInsetsCompat.Type.ime());
            v.setPadding(bars.left, bars.top, bars.right, bars.bottom);
            return WindowInsetsCompat.CONSUMED;
        });
    }
}

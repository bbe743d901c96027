package org.localexpert.app;

import android.os.Bundle;

import androidx.appcompat.app.AppCompatActivity;

import org.localexpert.app.ui.home.HomeFragment;

/**
 * The app's only activity: it hosts the screens, which are fragments swapped in its container
 * (see {@code ui.common.Navigation}); the first one is {@link HomeFragment}.
 */
public final class MainActivity extends AppCompatActivity {

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        setContentView(R.layout.activity_main);
        // After a rotation or process death the fragment manager restores the screens itself.
        if (savedInstanceState == null) {
            getSupportFragmentManager().beginTransaction()
                    .setReorderingAllowed(true)
                    .add(R.id.main_container, new HomeFragment())
                    .commit();
        }
    }
}

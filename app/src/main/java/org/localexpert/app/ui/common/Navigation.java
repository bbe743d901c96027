package org.localexpert.app.ui.common;

import androidx.fragment.app.Fragment;

import org.localexpert.app.R;

/**
 * Moving between screens: {@code MainActivity} is the only activity and every screen is a fragment
 * in its {@code main_container}; opening one puts the current one on the back stack, so the back
 * button returns to it.
 */
public final class Navigation {
    private Navigation() {
    }

    public static void open(Fragment from, Fragment to) {
        from.getParentFragmentManager()
                .beginTransaction()
                .setReorderingAllowed(true)
                .replace(R.id.main_container, to)
                .addToBackStack(to.getClass().getSimpleName())
                .commit();
    }
}

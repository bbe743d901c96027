package org.localexpert.app.ui.settings;

import androidx.fragment.app.Fragment;

/** App settings. (Screen being built; this class exists first so Home can link to it.) */
public class SettingsFragment extends Fragment {
    public SettingsFragment() {
    }
}

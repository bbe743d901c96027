package org.localexpert.app.ui.plant;

import androidx.fragment.app.Fragment;

/** Diagnose a leaf photo. (Screen being built; this class exists first so Home can link to it.) */
public class DiagnoseFragment extends Fragment {
    public DiagnoseFragment() {
    }
}

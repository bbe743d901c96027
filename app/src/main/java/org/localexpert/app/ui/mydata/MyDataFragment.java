package org.localexpert.app.ui.mydata;

import androidx.fragment.app.Fragment;

/** Browse and delete the user's own data. (Screen being built; this class exists first so Home can link to it.) */
public class MyDataFragment extends Fragment {
    public MyDataFragment() {
    }
}

package org.localexpert.app;

import android.app.ActivityManager;
import android.os.Build;
import android.os.Bundle;
import android.widget.Button;
import android.widget.TextView;

import androidx.appcompat.app.AppCompatActivity;

/**
 * The launcher screen. For now it introduces the app and, on request, checks what this phone offers for
 * training on the device (cores and the memory Android grants the app); the domain screens come later.
 */
public final class MainActivity extends AppCompatActivity {

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        setContentView(R.layout.activity_main);
        TextView status = findViewById(R.id.status);
        Button check = findViewById(R.id.check_button);
        check.setOnClickListener(v -> status.setText(describePhone()));
    }

    private String describePhone() {
        ActivityManager activities = getSystemService(ActivityManager.class);
        int memoryMb = activities.getMemoryClass();
        int cores = Runtime.getRuntime().availableProcessors();
        return getString(R.string.status_checked, cores, memoryMb, Build.VERSION.RELEASE);
    }
}

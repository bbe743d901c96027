package org.localexpert.app.ui;

import android.app.Activity;
import android.graphics.Bitmap;
import android.graphics.Canvas;
import android.view.View;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Saves what a screen shows as a PNG (the README shows the copies in {@code app/screenshots/}). For
 * Robolectric tests run with {@code @GraphicsMode(GraphicsMode.Mode.NATIVE)}: only native graphics
 * really draws text and shapes into a bitmap; the legacy mode would write blank images.
 *
 * <pre>
 *   &#64;GraphicsMode(GraphicsMode.Mode.NATIVE)
 *   &#64;Config(sdk = 36, qualifiers = Screenshots.PHONE)
 *   ...
 *   scenario.onActivity(a -&gt; Screenshots.save(a, "home"));
 * </pre>
 *
 * The directory is the system property {@code localexpert.screenshots}: app/pom.xml sets it to
 * {@code target/screenshots} so an ordinary test run leaves the source tree clean (latency text
 * differs every run); {@code mvn -pl app -am verify -Dlocalexpert.screenshots=$PWD/app/screenshots}
 * refreshes the README's copies. Without the property (an IDE run) it is {@code screenshots/}.
 */
public final class Screenshots {
    /** A common phone: 360 x 720 dp at 2x, so the PNGs are 720 x 1440 px. */
    public static final String PHONE = "w360dp-h720dp-xhdpi";

    private Screenshots() {
    }

    public static File directory() {
        return new File(System.getProperty("localexpert.screenshots", "screenshots"));
    }

    /** The activity's whole window (action bar included) as {@code <name>.png} ({@code name} may hold a folder); returns the file. */
    public static File save(Activity activity, String name) {
        return save(activity.getWindow().getDecorView(), name);
    }

    /** One view as {@code <name>.png}; returns the file. */
    public static File save(View view, String name) {
        if (view.getWidth() == 0 || view.getHeight() == 0) {
            throw new IllegalStateException("the view to capture is not laid out (0 size): take the screenshot after the screen is shown");
        }
        Bitmap bitmap = Bitmap.createBitmap(view.getWidth(), view.getHeight(), Bitmap.Config.ARGB_8888);
        view.draw(new Canvas(bitmap));
        File file = new File(directory(), name + ".png");
        File dir = file.getParentFile();
        if (!dir.isDirectory() && !dir.mkdirs()) throw new UncheckedIOException(new IOException("cannot create " + dir.getAbsolutePath()));
        try (OutputStream out = new FileOutputStream(file)) {
            if (!bitmap.compress(Bitmap.CompressFormat.PNG, 100, out)) throw new IOException("PNG encoding failed for " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            bitmap.recycle();
        }
        return file;
    }
}

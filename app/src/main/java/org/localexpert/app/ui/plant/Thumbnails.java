package org.localexpert.app.ui.plant;

import android.graphics.Bitmap;
import android.os.Handler;
import android.os.Looper;
import android.util.Log;
import android.util.LruCache;
import android.widget.ImageView;

import java.io.File;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.localexpert.app.data.AndroidImageDecoder;
import org.localexpert.core.data.DecodedImage;

/**
 * Small pictures of stored photos and samples for lists, decoded off the main thread (subsampled, EXIF
 * upright, by {@link AndroidImageDecoder}) and kept in a small memory cache. A row that was recycled for
 * another file meanwhile is left alone.
 */
public final class Thumbnails {
    /** Thumbnail side in pixels (a 48 dp image at 2x). */
    static final int SIDE = 96;

    private final Executor io;
    private final Handler main = new Handler(Looper.getMainLooper());
    private final AndroidImageDecoder decoder = new AndroidImageDecoder();
    private final Set<String> loading = new HashSet<>();
    private final LruCache<String, Bitmap> cache = new LruCache<String, Bitmap>(8 * 1024 * 1024) {
        @Override
        protected int sizeOf(String key, Bitmap b) {
            return b.getByteCount();
        }
    };

    public Thumbnails(Executor io) {
        this.io = io;
    }

    /**
     * Shows the picture {@code key} names in {@code view}: blank until decoded, and blank for a missing or unreadable file.
     * {@code file} is asked for on the io thread (finding a stored file may touch the disk); the file under a key never
     * changes (stored photos and samples are written once under fresh names).
     */
    public void into(ImageView view, String key, Supplier<File> file) {
        view.setTag(key);
        Bitmap b = cache.get(key);
        view.setImageBitmap(b);
        if (b != null || !loading.add(key)) return;
        io.execute(() -> {
            Bitmap decoded = decode(file);
            main.post(() -> {
                loading.remove(key);
                if (decoded == null) return;
                cache.put(key, decoded);
                if (key.equals(view.getTag())) view.setImageBitmap(decoded);
            });
        });
    }

    private Bitmap decode(Supplier<File> where) {
        File file = null;
        try {
            file = where.get();
            if (!file.isFile()) return null;
            DecodedImage image = decoder.decode(file, SIDE / 2);
            Bitmap full = Bitmap.createBitmap(image.argb(), image.width(), image.height(), Bitmap.Config.ARGB_8888);
            float scale = (float) SIDE / Math.min(image.width(), image.height());
            if (scale >= 1) return full;
            Bitmap small = Bitmap.createScaledBitmap(full, Math.max(1, Math.round(image.width() * scale)),
                    Math.max(1, Math.round(image.height() * scale)), true);
            if (small != full) full.recycle();
            return small;
        } catch (RuntimeException e) {
            // A damaged file shows no thumbnail; the row still lets the user delete it.
            Log.w("LocalExpert", "no thumbnail for " + (file == null ? "a missing file" : file.getName()) + ": " + e.getMessage());
            return null;
        }
    }
}

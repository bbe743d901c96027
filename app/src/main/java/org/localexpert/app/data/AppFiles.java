package org.localexpert.app.data;

import java.io.File;

/**
 * Where LocalExpert keeps files, all under the app-private files directory (no other app can read it, it is
 * excluded from backups, and uninstalling removes it):
 * <pre>
 *   samples/&lt;domain&gt;/&lt;uuid&gt;.png|jpg   the user's samples
 *   diagnoses/&lt;uuid&gt;.jpg                  photos of the diagnosis history
 *   models/&lt;domain&gt;/                      personal models (core.store.ModelStore)
 *   training/&lt;domain&gt;/                    a running training's checkpoint (the exported candidate)
 * </pre>
 */
public final class AppFiles {
    private final File root;
    private final File cache;

    public AppFiles(File filesDir, File cacheDir) {
        this.root = filesDir;
        this.cache = cacheDir;
    }

    public File root() { return root; }

    public File cache() { return cache; }

    public File samples(String domain) { return new File(new File(root, "samples"), Domain.check(domain)); }

    public File diagnoses() { return new File(root, "diagnoses"); }

    public File models(String domain) { return new File(new File(root, "models"), Domain.check(domain)); }

    public File training(String domain) { return new File(new File(root, "training"), Domain.check(domain)); }

    /** Every top-level folder that holds user data (what delete-all empties). */
    public File[] userDataFolders() {
        return new File[] {new File(root, "samples"), diagnoses(), new File(root, "models"), new File(root, "training")};
    }

    /** {@code file} relative to the files directory (what rows store). */
    public String relative(File file) {
        String r = root.getAbsolutePath() + File.separator;
        String f = file.getAbsolutePath();
        if (!f.startsWith(r)) throw new IllegalArgumentException(file + " is not inside " + root);
        return f.substring(r.length());
    }

    /** The file a row names; refuses names that would leave the files directory. */
    public File resolve(String relative) {
        File f = new File(root, relative);
        try {
            if (!f.getCanonicalPath().startsWith(root.getCanonicalPath() + File.separator)) {
                throw new IllegalArgumentException("file name escapes the app's files: " + relative);
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("bad file name " + relative + ": " + e.getMessage());
        }
        return f;
    }
}

package org.localexpert.app.work;

import android.content.Context;

import androidx.test.core.app.ApplicationProvider;

import org.localexpert.app.AppContainer;
import org.localexpert.app.RealContainer;
import org.localexpert.app.data.AppFiles;
import org.localexpert.app.data.RoomSampleRepository;
import org.localexpert.app.data.StoreModelRepository;
import org.localexpert.app.data.local.LocalExpertDatabase;
import org.localexpert.app.inference.EngineFactory;
import org.localexpert.app.inference.InferenceThread;
import org.localexpert.core.store.IoHooks;

import java.io.File;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real app wiring (RealContainer) over a Room database and a files folder of its own, with the Java engine
 * (TFLite's natives do not load under Robolectric) unless a test gives other engines. {@link #restart} simulates the process being killed and
 * started again: every object is rebuilt over the same database file and files; the model stores recover.
 */
public final class TestPhone implements AutoCloseable {
    public final Context context = ApplicationProvider.getApplicationContext();
    public final File root;
    public final String dbName;
    private final EngineFactory engines;
    private final boolean asTheAppOpensIt;
    public LocalExpertDatabase db;
    public AppContainer container;

    /** A phone for tests that drive the repositories and the training job from the test (main) thread. */
    public TestPhone(String name, IoHooks hooks) {
        this(name, hooks, EngineFactory.JAVA, false);
    }

    private TestPhone(String name, IoHooks hooks, EngineFactory engines, boolean asTheAppOpensIt) {
        this.root = new File(context.getFilesDir().getParentFile(), "phones/" + name);
        this.dbName = "phone-" + name + ".db";
        this.engines = engines;
        this.asTheAppOpensIt = asTheAppOpensIt;
        open(hooks);
    }

    /**
     * A phone for screen tests: Room opened as the app opens it, which refuses queries on the main thread, so a screen
     * that touches the database from there fails its test. The test's own look into the database or the files goes
     * through {@link #offMainThread}. Pair it with {@code MainThreadDiskGuard} for the rest of the main thread's disk use.
     */
    public static TestPhone forScreens(String name) {
        return forScreens(name, EngineFactory.JAVA);
    }

    /** As {@link #forScreens(String)}, the models run by {@code engines}. */
    public static TestPhone forScreens(String name, EngineFactory engines) {
        return new TestPhone(name, IoHooks.NONE, engines, true);
    }

    /** Runs {@code work} on a thread of its own and returns its result: the test's look at the database and files. */
    public <T> T offMainThread(Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        new Thread(task, "test-off-main").start();
        try {
            return task.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) throw (RuntimeException) cause;
            if (cause instanceof Error) throw (Error) cause;
            throw new AssertionError(cause);
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("off-main-thread work did not finish", e);
        }
    }

    /** A phone whose database and files are a copy of {@code template}'s (which must be {@link #shutDown}). */
    public static TestPhone copyOf(TestPhone template, String name, IoHooks hooks) throws java.io.IOException {
        Context c = template.context;
        File from = c.getDatabasePath(template.dbName), to = c.getDatabasePath("phone-" + name + ".db");
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            File f = new File(from.getPath() + suffix);
            File t = new File(to.getPath() + suffix);
            java.nio.file.Files.deleteIfExists(t.toPath());
            if (f.isFile()) java.nio.file.Files.copy(f.toPath(), t.toPath());
        }
        File root = new File(c.getFilesDir().getParentFile(), "phones/" + name);
        copyTree(template.root, root);
        return new TestPhone(name, hooks);
    }

    private static void copyTree(File from, File to) throws java.io.IOException {
        if (from.isDirectory()) {
            to.mkdirs();
            String[] names = from.list();
            if (names != null) for (String n : names) copyTree(new File(from, n), new File(to, n));
        } else if (from.isFile()) {
            java.nio.file.Files.copy(from.toPath(), to.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Closes everything but keeps the database and files (a template for {@link #copyOf}). */
    public void shutDown() {
        container.io().shutdownNow();
        ((InferenceThread) container.predictor()).close();
        db.close();
    }

    /** Deletes the phone's files folder. */
    public void wipeFiles() {
        deleteTree(root);
    }

    private static void deleteTree(File f) {
        File[] c = f.listFiles();
        if (c != null) for (File x : c) deleteTree(x);
        f.delete();
    }

    private void open(IoHooks hooks) {
        db = asTheAppOpensIt ? LocalExpertDatabase.open(context, dbName) : LocalExpertDatabase.openForTests(context, dbName);
        container = RealContainer.create(context, db, files(), hooks, engines);
        AppContainer.set(container);
    }

    public AppFiles files() {
        return new AppFiles(new File(root, "files"), new File(root, "cache"));
    }

    /** The process died: forget every object (no clean shutdown), then start again with {@code hooks}. */
    public TestPhone restart(IoHooks hooks) {
        container.io().shutdownNow();
        ((InferenceThread) container.predictor()).close();
        db.close();
        open(hooks);
        return this;
    }

    public RoomSampleRepository samples() { return (RoomSampleRepository) container.samples(); }

    public StoreModelRepository models() { return (StoreModelRepository) container.models(); }

    public PersonalizationJob job() { return container.personalization(); }

    @Override
    public void close() {
        container.io().shutdownNow();
        ((InferenceThread) container.predictor()).close();
        offMainThread(() -> {
            db.close();
            context.deleteDatabase(dbName);
            deleteTree(root);
            return null;
        });
        AppContainer.set(null);
    }
}

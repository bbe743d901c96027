package org.localexpert.app.text;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import android.content.Context;
import android.database.sqlite.SQLiteFullException;

import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.R;
import org.localexpert.app.data.Labels;
import org.localexpert.core.data.DataException;
import org.localexpert.core.moe.PersonalizationException;
import org.localexpert.core.tflite.IncompatibleModelException;
import org.robolectric.annotation.Config;

/** Failures are told as "what could not be done. what to do", from the kind of cause, never from its message. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36)
public class FailureTest {
    private final Context c = ApplicationProvider.getApplicationContext();

    @Test
    public void theAdviceFollowsTheKindOfCauseAnywhereInTheChain() {
        // The inference thread wraps an OutOfMemoryError in an Exception for the screen's callback.
        assertAdvice(R.string.failure_memory, new Exception("the phone ran out of memory", new OutOfMemoryError("Java heap space")));
        assertAdvice(R.string.failure_engine, new UnsatisfiedLinkError("dlopen failed: libtensorflowlite_jni.so"));
        assertAdvice(R.string.failure_storage, new UncheckedIOException(new IOException("ENOSPC (No space left on device)")));
        assertAdvice(R.string.failure_storage, new SQLiteFullException("database or disk is full"));
        assertAdvice(R.string.failure_picture, new DataException("cannot decode image /data/user/0/org.localexpert.app/cache/diagnose-photo.tmp"));
        assertAdvice(R.string.failure_model, new RuntimeException(new IncompatibleModelException("trained against global expert sha256-…")));
        assertAdvice(R.string.failure_samples, new PersonalizationException("'7' has 3 sample(s); each class you teach needs at least 5"));
        assertAdvice(R.string.failure_retry, new IllegalStateException("java.lang.NullPointerException at Foo.bar"));
        assertAdvice(R.string.failure_retry, null);
    }

    @Test
    public void aRefusedNameSaysWhichRuleItBreaks() {
        assertEquals(c.getString(R.string.failure_label_empty), Failure.advice(c, refusal("   ")));
        assertEquals(c.getString(R.string.failure_label_characters), Failure.advice(c, refusal("a/b")));
        String tooLong = Failure.advice(c, refusal("a very long name that nobody would ever write on a phone"));
        assertTrue(tooLong, tooLong.contains(String.valueOf(Labels.MAX_LENGTH)));
    }

    @Test
    public void theTextSaysWhatFailedThenWhatToDoAndNoTechnicalWords() {
        String path = "/data/user/0/org.localexpert.app/cache/diagnose-photo.tmp";
        String text = new Failure(R.string.plant_failed_diagnose, new DataException("cannot decode image " + path)).text(c);
        assertEquals("The leaf could not be checked. The picture could not be read. Try another photo.", text);
        assertFalse(text.contains(path));
        assertFalse(text.contains("Exception"));
    }

    private void assertAdvice(int expected, Throwable cause) {
        assertEquals(String.valueOf(cause), c.getString(expected), Failure.advice(c, cause));
    }

    private static Labels.Refused refusal(String name) {
        try {
            Labels.check(name);
        } catch (Labels.Refused r) {
            return r;
        }
        throw new AssertionError("'" + name + "' was accepted");
    }
}

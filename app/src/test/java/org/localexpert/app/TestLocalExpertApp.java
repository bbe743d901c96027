package org.localexpert.app;

import android.animation.ValueAnimator;

import java.lang.reflect.InvocationTargetException;

/**
 * The application every Robolectric test of the app runs in (Robolectric's convention: "Test" + the manifest's
 * application class, same package): the app itself, with animations off, as one turns them off on a device before
 * running Espresso.
 *
 * <p>Why: Robolectric's paused looper advances its clock by one frame whenever a frame is asked for, so an animation
 * that keeps asking turns Espresso's "run the main looper until idle" into an endless loop. A click's ripple did that
 * now and then: {@code SettingsFragmentTest} spun in {@code AnimationHandler} frames inside
 * {@code perform(click())} in 1 of 5 local runs at SDK 26, and hung CI for its whole time budget. With a duration
 * scale of 0 every animator ends on its first frame.
 */
public class TestLocalExpertApp extends LocalExpertApp {
    @Override
    public void onCreate() {
        super.onCreate();
        animationsOff();
    }

    /** {@code ValueAnimator.setDurationScale} is hidden from the SDK's stubs but present in every Android since 4.1. */
    static void animationsOff() {
        try {
            ValueAnimator.class.getMethod("setDurationScale", float.class).invoke(null, 0f);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot turn animations off for the tests", e);
        }
        if (ValueAnimator.areAnimatorsEnabled()) {
            throw new IllegalStateException("animations are still on after setDurationScale(0)");
        }
    }
}

package org.localexpert.app;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.assertion.ViewAssertions.matches;
import static androidx.test.espresso.matcher.ViewMatchers.isDisplayed;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static androidx.test.espresso.matcher.ViewMatchers.withText;
import static org.hamcrest.Matchers.startsWith;

import androidx.test.core.app.ActivityScenario;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;

/** The launcher screen, driven with Espresso on Robolectric: launch, tap, see the result. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34)
public class MainActivityTest {

    @Test
    public void checkButtonShowsWhatThisPhoneOffers() {
        try (ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
            onView(withId(R.id.title)).check(matches(withText(R.string.home_title)));
            onView(withId(R.id.status)).check(matches(withText(R.string.status_idle)));

            onView(withId(R.id.check_button)).check(matches(isDisplayed())).perform(click());

            onView(withId(R.id.status)).check(matches(withText(startsWith("Ready to learn offline: "))));
        }
    }
}

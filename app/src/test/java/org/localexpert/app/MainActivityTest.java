package org.localexpert.app;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.action.ViewActions.scrollTo;
import static androidx.test.espresso.assertion.ViewAssertions.matches;
import static androidx.test.espresso.matcher.ViewMatchers.isDisplayed;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static androidx.test.espresso.matcher.ViewMatchers.withText;
import static org.hamcrest.Matchers.startsWith;

import androidx.test.core.app.ActivityScenario;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.fake.FakeAppContainer;
import org.robolectric.annotation.Config;

/** The launcher activity: it opens on the home screen, which can tell what this phone offers for training. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
public class MainActivityTest {

    @After
    public void forgetFakes() {
        FakeAppContainer.uninstall();
    }

    @Test
    public void opensOnHomeAndChecksThisPhone() {
        FakeAppContainer.install();
        try (ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
            onView(withId(R.id.home_title)).check(matches(withText(R.string.home_title)));
            onView(withId(R.id.home_check_phone)).perform(scrollTo(), click());
            onView(withId(R.id.home_phone_status)).check(matches(withText(startsWith("This phone can learn offline: "))));
            onView(withId(R.id.home_write)).check(matches(isDisplayed()));
        }
    }
}

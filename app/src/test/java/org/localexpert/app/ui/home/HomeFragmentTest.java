package org.localexpert.app.ui.home;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.Espresso.pressBack;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.action.ViewActions.scrollTo;
import static androidx.test.espresso.assertion.ViewAssertions.matches;
import static androidx.test.espresso.matcher.ViewMatchers.isDisplayed;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static androidx.test.espresso.matcher.ViewMatchers.withText;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import android.widget.TextView;

import androidx.fragment.app.Fragment;
import androidx.test.core.app.ActivityScenario;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.MainActivity;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.fake.FakeAppContainer;
import org.localexpert.app.ui.Screenshots;
import org.localexpert.app.ui.common.UiWait;
import org.localexpert.app.ui.handwriting.TeachFragment;
import org.localexpert.app.ui.handwriting.WriteFragment;
import org.localexpert.app.ui.mydata.MyDataFragment;
import org.localexpert.app.ui.personalize.PersonalizeFragment;
import org.localexpert.app.ui.plant.DiagnoseFragment;
import org.localexpert.app.ui.settings.SettingsFragment;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;

/** Home: each domain's active model (shipped or personal, with its held-out accuracy) and the ways into every screen. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 36, qualifiers = Screenshots.PHONE)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class HomeFragmentTest {
    private FakeAppContainer fakes;

    @Before
    public void installFakes() {
        fakes = FakeAppContainer.install();
    }

    @After
    public void forgetFakes() {
        FakeAppContainer.uninstall();
    }

    @Test
    public void showsTheActiveModelOfEachDomain() {
        Map<String, float[]> perClass = new LinkedHashMap<>();
        perClass.put("7", new float[] {0.6f, 0.9f});
        fakes.models.addPersonal(Domain.HANDWRITING, 0.8f, 0.95f, perClass);
        try (ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
            UiWait.until("both models shown", () -> !text(scenario, R.id.home_plant_model).startsWith("Reading"));
            assertTrue(text(scenario, R.id.home_handwriting_model),
                    text(scenario, R.id.home_handwriting_model).matches("Your model v1 of .+ · 95\\.0 % right on your test examples \\(built-in model: 80\\.0 %\\)"));
            assertEquals("Built-in model · not yet tested on your examples", text(scenario, R.id.home_plant_model));
        }
    }

    @Test
    public void aPersonalModelInstalledElsewhereShowsWhenComingBack() {
        try (ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
            UiWait.until("shipped model shown", () -> text(scenario, R.id.home_handwriting_model).startsWith("Built-in model"));
            onView(withId(R.id.home_handwriting_personalize)).perform(click());
            fakes.training.succeed(Domain.HANDWRITING, 0.5f, 0.75f);
            pressBack();
            UiWait.until("personal model shown", () -> text(scenario, R.id.home_handwriting_model).startsWith("Your model v1"));
        }
    }

    @Test
    public void everyButtonOpensItsScreenAndBackReturnsHome() {
        try (ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
            opens(scenario, R.id.home_write, WriteFragment.class);
            onView(withId(R.id.hand_canvas)).check(matches(isDisplayed()));
            pressBack();
            opens(scenario, R.id.home_teach, TeachFragment.class);
            pressBack();
            opens(scenario, R.id.home_handwriting_personalize, PersonalizeFragment.class);
            onView(withId(R.id.personalize_title)).check(matches(withText(R.string.personalize_title_handwriting)));
            pressBack();
            opens(scenario, R.id.home_plant_personalize, PersonalizeFragment.class);
            onView(withId(R.id.personalize_title)).check(matches(withText(R.string.personalize_title_plant)));
            pressBack();
            opens(scenario, R.id.home_diagnose, DiagnoseFragment.class);
            pressBack();
            opens(scenario, R.id.home_my_data, MyDataFragment.class);
            pressBack();
            opens(scenario, R.id.home_settings, SettingsFragment.class);
            pressBack();
            onView(withId(R.id.home_check_phone)).perform(scrollTo(), click());
            onView(withId(R.id.home_phone_status)).check(matches(withText(startsWith("This phone can learn offline: "))));
        }
    }

    private static void opens(ActivityScenario<MainActivity> scenario, int button, Class<? extends Fragment> screen) {
        onView(withId(button)).perform(scrollTo(), click());
        AtomicReference<Fragment> shown = new AtomicReference<>();
        scenario.onActivity(a -> {
            a.getSupportFragmentManager().executePendingTransactions();
            shown.set(a.getSupportFragmentManager().findFragmentById(R.id.main_container));
        });
        assertEquals(screen, shown.get().getClass());
    }

    static String text(ActivityScenario<MainActivity> scenario, int id) {
        AtomicReference<String> s = new AtomicReference<>();
        scenario.onActivity(a -> s.set(((TextView) a.findViewById(id)).getText().toString().replace('\u00A0', ' '))); // percentages keep their space unbroken
        return s.get();
    }
}

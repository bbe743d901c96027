package org.localexpert.app.ui.home;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.localexpert.app.ui.common.LiveDataNow.now;

import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.util.concurrent.Executor;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ModelInfo;
import org.localexpert.app.fake.FakeModelRepository;
import org.robolectric.annotation.Config;

/** HomeViewModel on its own: which model each domain runs now, read again when the screen returns. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
public class HomeViewModelTest {
    private final Executor direct = Runnable::run;

    @Test
    public void theShippedModelsUntilATrainingInstallsAPersonalOne() {
        FakeModelRepository models = new FakeModelRepository();
        HomeViewModel vm = new HomeViewModel(models, direct);
        vm.refresh();
        assertFalse(now(vm.handwriting()).personal);
        assertFalse(now(vm.plant()).personal);

        models.addPersonal(Domain.PLANT, 0.64f, 0.87f, null);
        vm.refresh();
        assertTrue("the farm's own model after training", now(vm.plant()).personal);
        assertFalse("handwriting untouched", now(vm.handwriting()).personal);
        assertNull(now(vm.error()));
    }

    @Test
    public void aModelStoreThatCannotBeReadIsAFailureAndARetryThatWorksClearsIt() {
        IllegalStateException damaged = new IllegalStateException("model store damaged");
        boolean[] broken = {true};
        FakeModelRepository models = new FakeModelRepository() {
            @Override
            public synchronized ModelInfo active(String domain) {
                if (broken[0]) throw damaged;
                return super.active(domain);
            }
        };
        HomeViewModel vm = new HomeViewModel(models, direct);
        vm.refresh();
        assertEquals(R.string.home_failed, now(vm.error()).what);
        assertSame(damaged, now(vm.error()).cause);
        broken[0] = false;
        vm.refresh();
        assertNull(now(vm.error()));
        assertFalse(now(vm.handwriting()).personal);
    }
}

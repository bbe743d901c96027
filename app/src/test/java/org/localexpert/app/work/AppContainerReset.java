package org.localexpert.app.work;

import org.localexpert.app.AppContainer;

/** Makes {@code phone}'s container the process's again (another TestPhone in the same test replaced it). */
final class AppContainerReset {
    private AppContainerReset() {}

    static void reinstall(TestPhone phone) {
        AppContainer.set(phone.container);
    }
}

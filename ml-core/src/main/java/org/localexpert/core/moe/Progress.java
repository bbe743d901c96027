package org.localexpert.core.moe;

/** Reports long work one step at a time; an implementation may throw (e.g. on cancel) to stop it there. */
public interface Progress {
    /** {@code done} of {@code total} steps are finished; {@code what} says which work, in the user's words. */
    void update(int done, int total, String what);

    Progress NONE = (done, total, what) -> { };
}

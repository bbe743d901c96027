package org.localexpert.experiments.probes;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingPreprocessor;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.OmniglotStrokes;

/**
 * One design alphabet as a user, as the new-symbol probes stage it: the user teaches {@code digits} and 4 of the
 * alphabet's characters (drawers 1–10, new classes 10–13); held out are the same characters' drawers 11–20; unknown
 * are every second drawer of the other design alphabets' characters.
 */
final class DesignUser {
    final List<String> labels = new ArrayList<>(Mnist.LABELS);
    final Dataset taught, heldOut, unknown;

    DesignUser(File omniglot, String alphabet, List<Example> digits) {
        List<String> chars = OmniglotStrokes.characters(omniglot, alphabet);
        List<Example> t = new ArrayList<>(digits), h = new ArrayList<>(), u = new ArrayList<>();
        for (int j = 0; j < 4; j++) {
            String ch = chars.get(j * chars.size() / 4);
            labels.add(alphabet + "-" + ch);
            for (int d = 1; d <= OmniglotStrokes.DRAWERS; d++) {
                (d <= 10 ? t : h).add(new Example(OmniglotStrokes.render(omniglot, alphabet, ch, d), HandwritingPreprocessor.SHAPE, 10 + j));
            }
        }
        for (String other : OmniglotStrokes.DESIGN_ALPHABETS) {
            if (other.equals(alphabet)) continue;
            for (String ch : OmniglotStrokes.characters(omniglot, other)) {
                for (int d = 1; d <= OmniglotStrokes.DRAWERS; d += 2) {
                    u.add(new Example(OmniglotStrokes.render(omniglot, other, ch, d), HandwritingPreprocessor.SHAPE, 0));
                }
            }
        }
        taught = set(t);
        heldOut = set(h);
        unknown = set(u);
    }

    /** {@code examples} under this user's labels (digits, then the four new characters). */
    Dataset set(List<Example> examples) {
        return new Dataset(examples, labels, HandwritingPreprocessor.SHAPE);
    }
}

package org.localexpert.experiments.probes;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.experiments.GeWithRule;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingPreprocessor;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.OmniglotStrokes;
import org.localexpert.core.data.PenRedraw;
import org.localexpert.core.data.Stroke;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.FeatureExtractor;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.ReplayFeatures;
import org.localexpert.core.runtime.InferenceOptions;
import org.localexpert.host.HostTfliteEngine;

/**
 * What a wider pen on the app's canvas would do to the shipped "unsure" rule, on design data only: every second
 * drawer of the design alphabets drawn with the canvas pen × 1, 1.33, 1.56, 2, and every third design writer's
 * digit redrawn with the correspondingly wider pen (0.05 / 0.07 / 0.10 of the drawing × the same factor).
 * Args: DATA_DIR GE.tflite.
 */
public final class CanvasPenWidth {
    private CanvasPenWidth() {
    }

    public static void main(String[] args) throws Exception {
        File data = new File(args[0]), omni = new File(data, "omniglot");
        Path model = Paths.get(args[1]);
        GeWithRule g = GeWithRule.read(model, Domain.HANDWRITING);
        GlobalExpert ge = g.ge;
        ReplayFeatures replay = g.replay;
        AbstentionRule rule = g.rule;
        Dataset t10k = Mnist.load(data, Mnist.Part.TEST);
        List<float[]> digits = new ArrayList<>();
        for (Example e : t10k.examples()) if (HandwritingSplits.isDesignWriter(e.writerId())) digits.add(e.features());
        try (FeatureExtractor fx = FeatureExtractor.open(ge, b -> HostTfliteEngine.open(b, new InferenceOptions().threads(2)))) {
            for (float scale : new float[] {1f, 1.33f, 1.56f, 2f}) {
                int flagged = 0, drawings = 0;
                for (String alphabet : OmniglotStrokes.DESIGN_ALPHABETS) {
                    for (String ch : OmniglotStrokes.characters(omni, alphabet)) {
                        for (int d = 1; d <= OmniglotStrokes.DRAWERS; d += 2) {
                            List<Stroke> wider = new ArrayList<>();
                            for (Stroke s : OmniglotStrokes.read(OmniglotStrokes.file(omni, alphabet, ch, d))) {
                                float[] xy = new float[2 * s.points()];
                                for (int i = 0; i < s.points(); i++) {
                                    xy[2 * i] = s.x(i);
                                    xy[2 * i + 1] = s.y(i);
                                }
                                wider.add(new Stroke(xy, s.penWidth() * scale));
                            }
                            if (flagged(rule, fx, HandwritingPreprocessor.fromStrokes(wider))) flagged++;
                            drawings++;
                        }
                    }
                }
                StringBuilder redrawn = new StringBuilder();
                for (float pen : new float[] {0.05f, 0.07f, 0.10f}) {
                    int k = 0, n = 0;
                    for (int i = 0; i < digits.size(); i += 3, n++) if (flagged(rule, fx, PenRedraw.redraw(digits.get(i), Math.min(0.3f, pen * scale)))) k++;
                    redrawn.append(String.format(Locale.ROOT, " pen %.3f: %.1f %%", pen * scale, 100.0 * k / n));
                }
                System.out.printf(Locale.ROOT, "canvas pen x%.2f (%.1f %% of the canvas): design alphabets flagged %d/%d = %.1f %%; redrawn design digits flagged%s%n",
                        scale, 100 * OmniglotStrokes.PEN_SHARE * scale, flagged, drawings, 100.0 * flagged / drawings, redrawn);
            }
        }
    }

    private static boolean flagged(AbstentionRule rule, FeatureExtractor fx, float[] input) {
        float[] f = new float[fx.featureSize()], p = new float[fx.classes()];
        fx.extract(input, f, p);
        return rule.decide(p, f).unsure();
    }
}

package org.localexpert.experiments.probes;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.PenRedraw;
import org.localexpert.core.model.Model;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteReader;

/**
 * Accuracy of handwriting GEs on the design writers' t10k digits as scanned and redrawn with the canvas's pen
 * ({@link PenRedraw}) at 0.05 / 0.07 / 0.10 of the drawing. Args: DATA_DIR GE.tflite [GE.tflite ...].
 */
public final class RedrawnDigitAccuracy {
    private RedrawnDigitAccuracy() {
    }

    public static void main(String[] args) throws Exception {
        Dataset t10k = Mnist.load(new File(args[0]), Mnist.Part.TEST);
        List<Example> design = new ArrayList<>();
        for (Example e : t10k.examples()) if (HandwritingSplits.isDesignWriter(e.writerId())) design.add(e);
        for (int g = 1; g < args.length; g++) {
            Model m = ModelImporter.toModel(TfliteReader.read(new File(args[g]).toPath()));
            StringBuilder line = new StringBuilder(args[g]);
            for (float pen : new float[] {0f, 0.05f, 0.07f, 0.10f}) {
                int correct = 0;
                for (int s = 0; s < design.size(); s += 500) {
                    int n = Math.min(500, design.size() - s);
                    Tensor x = Tensor.zeros(n, 28, 28, 1);
                    for (int i = 0; i < n; i++) {
                        float[] d = design.get(s + i).features();
                        System.arraycopy(pen == 0 ? d : PenRedraw.redraw(d, pen), 0, x.data(), i * 784, 784);
                    }
                    float[] p = m.forward(x, false).data();
                    for (int i = 0; i < n; i++) {
                        int best = 0;
                        for (int k = 1; k < 10; k++) if (p[i * 10 + k] > p[i * 10 + best]) best = k;
                        if (best == design.get(s + i).label()) correct++;
                    }
                }
                line.append(String.format(Locale.ROOT, "  %s %.2f %%", pen == 0 ? "scans" : String.format(Locale.ROOT, "pen %.2f", pen),
                        100.0 * correct / design.size()));
            }
            System.out.println(line);
        }
    }
}

package org.localexpert.experiments;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.localexpert.cli.Args;
import org.localexpert.cli.Command;
import org.localexpert.cli.MoeFiles;
import org.localexpert.cli.ReplayFiles;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.abstain.Familiarity;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.FeatureSet;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.host.ImageIoDecoder;

/**
 * {@code bench-unsure-farm} (issue 18, point 3 for plants): the plant "unsure" rule after a farm is taught — the farm
 * bench's group draws (k photos per class), the mixture's rule (familiarity with the replay bank and the taught
 * photos) with the GE's confidence cut and with the personal one ({@code PersonalConfidence}, what ships), scored on
 * the farm's held-out photos and on the Daphal test photos: how many are flagged, how many of the answers are right.
 */
public final class BenchUnsureFarmCommand implements Command {
    @Override
    public String name() {
        return "bench-unsure-farm";
    }

    @Override
    public String summary() {
        return "the plant \"unsure\" rule after a farm is taught: flagged and answered-right on held-out farm and Daphal test photos (issue 18)";
    }

    @Override
    public String usage() {
        return "usage: localexpert bench-unsure-farm --data DIR [--model models/plant/plant-ge.tflite] [--k 10] [--draws 5] [--threads 2]";
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        File root = new File(args.require("data"));
        Path gePath = Paths.get(args.get("model", "models/plant/plant-ge.tflite"));
        int k = args.getInt("k", 10), draws = args.getInt("draws", 5), threads = args.getInt("threads", 2);
        args.rejectUnknown();
        GeWithRule g = GeWithRule.read(gePath, Domain.PLANT);
        GlobalExpert ge = g.ge;
        AbstentionRule geRule = g.rule;
        int size = ge.inputShape()[0];
        Dataset farm = MoeFiles.loadPlantSet(root, DataLocation.SUGARCANE_ROSHITAB, size, ge.labels(), Collections.singletonMap("RedRust", "Rust"), out);
        Dataset daphal = MoeFiles.loadPlantSet(root, DataLocation.SUGARCANE_DAPHAL, size, ge.labels(), Collections.emptyMap(), out);
        PlantSplits.Split split = PlantSplits.daphal(daphal, new ImageIoDecoder());
        Dataset replay = ReplayFiles.inputsNextTo(gePath, Domain.PLANT, ge);
        Personalizer p = new Personalizer(Domain.PLANT, ge, replay, Domain.PLANT.defaults().seed(1).threads(threads).build());
        List<String> labels = ge.labels();
        FeatureSet generic = p.features(split.test(), labels);
        String[] names = {"GE's confidence cut + familiarity", "personal confidence cut + familiarity (shipped)"};
        int[][] total = new int[names.length][6]; // farm n, flagged, answered right; generic n, flagged, answered right
        for (int d = 0; d < draws; d++) {
            PlantSplits.FarmDraw draw = PlantSplits.farmDraw(farm, k, d, new ImageIoDecoder());
            Personalizer.UserFeatures uf = p.features(draw.personalization());
            Personalization taught = p.train(uf);
            ConfidenceThreshold personal = p.unsureCut(taught, geRule.threshold());
            Familiarity withFarm = geRule.familiarity().withBankRows(uf.originals().features(), "the farm's " + uf.samples() + " taught photos");
            AbstentionRule[] rules = {geRule.withFamiliarity(withFarm), Domain.PLANT.abstentionRule(personal).withFamiliarity(withFarm)};
            out.printf(Locale.ROOT, "draw %d: %d taught, %d held out; personal cut %.4f (GE's %.4f)%n", d, draw.personalization().size(),
                    draw.heldOut().size(), personal.value(), geRule.threshold().value());
            FeatureSet held = p.features(draw.heldOut(), labels);
            count(taught.mixture(), held, rules, total, 0);
            count(taught.mixture(), generic, rules, total, 3);
        }
        out.printf(Locale.ROOT, "%n%-48s %-36s %-22s %-36s %s%n", "rule after personalization (k = " + k + ", " + draws + " draws)",
                "farm held-out flagged", "farm answered right", "Daphal test flagged", "Daphal answered right");
        for (int r = 0; r < names.length; r++) {
            int[] t = total[r];
            out.printf(Locale.ROOT, "%-48s %-36s %-22s %-36s %s%n", names[r], Wilson.format(t[1], t[0]), pct(t[2], t[0] - t[1]),
                    Wilson.format(t[4], t[3]), pct(t[5], t[3] - t[4]));
        }
        return 0;
    }

    private static void count(Mixture m, FeatureSet fs, AbstentionRule[] rules, int[][] total, int at) {
        MixtureRows.forEach(m, fs, (i, pr, fe, gate, label) -> {
            for (int r = 0; r < rules.length; r++) {
                AbstentionRule.Decision d = rules[r].decide(pr, fe);
                total[r][at]++;
                if (d.unsure()) total[r][at + 1]++;
                else if (d.label() == label) total[r][at + 2]++;
            }
        });
    }

    private static String pct(int k, int n) {
        return n == 0 ? "n/a" : String.format(Locale.ROOT, "%d/%d = %.1f %%", k, n, 100.0 * k / n);
    }
}

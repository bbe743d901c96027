package org.localexpert.core.data;

import java.io.File;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The leaf a PlantVillage photo shows, read from its file name. PlantVillage names keep the
 * collector's series and photo number after a "___" (e.g. {@code <uuid>___GHLB2_Leaf_8731.jpg},
 * {@code <uuid>___GHLB2_Leaf_78.1.jpg}); the collectors photographed one leaf several times under
 * consecutive numbers (8731 / 8732) or as sub-numbers (78.1 / 78.2), so those are one leaf, not
 * independent samples. Letters glued to the number are dropped ({@code GH_HL_Leaf_380.1JPG.jpg} is
 * leaf 380). Names without "___" (every other set) carry no series.
 */
public final class PlantVillageLeaf {
    private static final Pattern NUMBERED = Pattern.compile("^(.*)_(\\d+)(?:\\.\\d+)?[A-Za-z]*$");

    private final String series;
    private final long number;

    private PlantVillageLeaf(String series, long number) {
        this.series = series;
        this.number = number;
    }

    /** The series and photo number in {@code file}'s name, or null when it has none. */
    public static PlantVillageLeaf parse(String file) {
        String name = new File(file).getName();
        int marker = name.indexOf("___");
        if (marker < 0) return null;
        String stem = name.substring(marker + 3);
        int dot = stem.lastIndexOf('.');
        if (dot > 0 && !Character.isDigit(stem.charAt(dot + 1))) stem = stem.substring(0, dot);
        Matcher m = NUMBERED.matcher(stem);
        if (!m.matches() || m.group(2).length() > 15) return null;
        return new PlantVillageLeaf(m.group(1), Long.parseLong(m.group(2)));
    }

    /** Series code, e.g. {@code GHLB2_Leaf}. */
    public String series() {
        return series;
    }

    /** Photo number within the series (sub-numbers such as {@code .1} dropped). */
    public long number() {
        return number;
    }
}

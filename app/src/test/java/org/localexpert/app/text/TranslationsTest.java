package org.localexpert.app.text;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Every string the app shows in English has a Marathi and a Hindi translation with the same placeholders, so no
 * screen falls back to English and no {@code getString(id, args)} meets a format it cannot fill. Read from the
 * resource files themselves (values/, values-mr/, values-hi/), as aapt2 compiles them.
 */
public class TranslationsTest {
    static final File RES = new File("src/main/res");
    private static final List<String> LANGUAGES = Arrays.asList("mr", "hi");
    /** %1$s, %2$d, %% — what String.format reads. */
    private static final Pattern PLACEHOLDER = Pattern.compile("%(\\d+\\$)?[-#+ 0,(]*\\d*(\\.\\d+)?[a-zA-Z%]");
    private static final Pattern LATIN_WORD = Pattern.compile("[A-Za-z]{2,}");

    @Test
    public void everyStringHasAMarathiAndAHindiTranslationWithTheSamePlaceholders() throws Exception {
        Map<String, String> english = strings(new File(RES, "values"));
        assertTrue("no strings found under " + RES.getAbsolutePath(), english.size() > 100);
        List<String> problems = new ArrayList<>();
        for (String lang : LANGUAGES) {
            Map<String, String> translated = strings(new File(RES, "values-" + lang));
            for (Map.Entry<String, String> e : english.entrySet()) {
                String t = translated.get(e.getKey());
                if (t == null) {
                    problems.add(lang + ": " + e.getKey() + " is missing");
                } else if (!sorted(placeholders(t)).equals(sorted(placeholders(e.getValue())))) { // a translation may reorder them
                    problems.add(lang + ": " + e.getKey() + " has placeholders " + placeholders(t) + ", English " + placeholders(e.getValue()));
                } else if (hasEnglishWords(e.getValue()) && !hasDevanagari(t)) {
                    problems.add(lang + ": " + e.getKey() + " is still English: " + t);
                }
            }
            for (String key : translated.keySet()) {
                if (!english.containsKey(key)) problems.add(lang + ": " + key + " is not in values/ (or is marked translatable=\"false\" there)");
            }
        }
        if (!problems.isEmpty()) fail(problems.size() + " translation problem(s):\n" + String.join("\n", problems));
    }

    @Test
    public void placeholdersAreReadAsFormatDoes() {
        assertEquals(Arrays.asList("%1$d", "%%", "%2$s"), placeholders("Training: %1$d %% · %2$s"));
        assertTrue(hasEnglishWords("Save the drawing as %1$s"));
        assertTrue(!hasEnglishWords("%1$s · %2$s"));
        assertTrue(hasDevanagari("ऊस: तांबेरा"));
    }

    /**
     * The translatable strings of one values folder: name → text, plurals as name#quantity. Strings marked
     * {@code translatable="false"} are left out (they must not be translated).
     */
    static Map<String, String> strings(File dir) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        File[] files = dir.listFiles((d, n) -> n.startsWith("strings") && n.endsWith(".xml"));
        if (files == null) throw new AssertionError(dir + " is missing");
        Arrays.sort(files);
        for (File f : files) {
            Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f).getDocumentElement();
            NodeList children = root.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i).getNodeType() != Node.ELEMENT_NODE) continue;
                Element e = (Element) children.item(i);
                if ("false".equals(e.getAttribute("translatable"))) continue;
                String name = e.getAttribute("name");
                if (e.getTagName().equals("string")) {
                    put(out, name, e.getTextContent(), f);
                } else if (e.getTagName().equals("plurals")) {
                    NodeList items = e.getElementsByTagName("item");
                    for (int k = 0; k < items.getLength(); k++) {
                        Element item = (Element) items.item(k);
                        put(out, name + "#" + item.getAttribute("quantity"), item.getTextContent(), f);
                    }
                }
            }
        }
        return out;
    }

    private static void put(Map<String, String> out, String key, String text, File f) {
        if (out.put(key, text) != null) throw new AssertionError(f + ": " + key + " is defined twice");
        if (text.trim().isEmpty()) throw new AssertionError(f + ": " + key + " is empty");
    }

    /** The placeholders in order, the way String.format reads them. */
    static List<String> placeholders(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(s);
        while (m.find()) out.add(m.group());
        return out;
    }

    private static List<String> sorted(List<String> l) {
        List<String> s = new ArrayList<>(l);
        java.util.Collections.sort(s);
        return s;
    }

    private static boolean hasEnglishWords(String s) {
        String words = PLACEHOLDER.matcher(s).replaceAll(" ")
                .replace("LocalExpert", "").replace("TensorFlow Lite", "").replace("Android", "")
                .replace("GPU", "").replace("CPU", "").replace("MB", "");
        return LATIN_WORD.matcher(words).find();
    }

    private static boolean hasDevanagari(String s) {
        return s.codePoints().anyMatch(c -> Character.UnicodeBlock.of(c) == Character.UnicodeBlock.DEVANAGARI);
    }
}

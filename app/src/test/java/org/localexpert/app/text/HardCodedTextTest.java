package org.localexpert.app.text;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

/**
 * No user-visible text outside the string resources, where it could not be translated. Two scans of the sources:
 * <ul>
 *   <li>layouts and the manifest: every {@code android:text}, {@code hint}, {@code contentDescription}, {@code label},
 *       {@code title}, {@code textOn}/{@code textOff} is a {@code @string/} reference;</li>
 *   <li>Java: no string literal with letters in the arguments of the calls that put text in front of the user
 *       ({@code setText}, {@code setContentDescription}, dialogs, notifications, {@code getString}'s format arguments)
 *       or into a view model's LiveData ({@code setValue}, {@code postValue}), nor in the training worker's
 *       notification calls.</li>
 * </ul>
 * Text built from an exception's message counts too: that is English, so the screens word failures through
 * {@link Failure} instead, and this test fails on {@code getMessage()} inside those calls.
 */
public class HardCodedTextTest {
    private static final File MAIN = new File("src/main");
    private static final List<String> TEXT_ATTRIBUTES = Arrays.asList(
            "text", "hint", "contentDescription", "label", "title", "textOn", "textOff", "summary", "prompt");
    private static final Pattern UI_CALL = Pattern.compile("\\b(setText|setHint|setContentDescription|setTitle|setMessage|"
            + "setContentTitle|setContentText|bigText|setTicker|setError|setPositiveButton|setNegativeButton|setNeutralButton|"
            + "makeText|getString|getQuantityString|setValue|postValue|finished|foreground)\\s*\\(");
    private static final Pattern LITERAL = Pattern.compile("\"((?:\\\\.|[^\"\\\\])*)\"");

    @Test
    public void layoutsAndTheManifestTakeTheirTextFromStringResources() throws Exception {
        List<String> problems = new ArrayList<>();
        List<File> files = new ArrayList<>();
        files.add(new File(MAIN, "AndroidManifest.xml"));
        for (String dir : new String[] {"layout", "menu", "xml"}) {
            File[] xml = new File(MAIN, "res/" + dir).listFiles((d, n) -> n.endsWith(".xml"));
            if (xml != null) files.addAll(Arrays.asList(xml));
        }
        assertTrue("no layouts found under " + MAIN.getAbsolutePath(), files.size() > 5);
        for (File f : files) {
            NodeList all = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f).getElementsByTagName("*");
            for (int i = 0; i < all.getLength(); i++) {
                NamedNodeMap attributes = ((Element) all.item(i)).getAttributes();
                for (int a = 0; a < attributes.getLength(); a++) {
                    Attr attr = (Attr) attributes.item(a);
                    String name = attr.getName();
                    if (!name.startsWith("android:") || !TEXT_ATTRIBUTES.contains(name.substring("android:".length()))) continue;
                    String v = attr.getValue();
                    if (!v.startsWith("@string/") && !v.equals("@null")) problems.add(f.getName() + ": " + name + "=\"" + v + "\"");
                }
            }
        }
        if (!problems.isEmpty()) fail("text not from string resources:\n" + String.join("\n", problems));
    }

    @Test
    public void javaPutsNoLiteralTextOnScreen() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(new File(MAIN, "java").toPath())) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
        }
        assertTrue("no Java sources found", sources.size() > 20);
        for (Path p : sources) {
            String code = withoutComments(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
            for (String problem : literalText(code)) problems.add(p.getFileName() + ": " + problem);
        }
        if (!problems.isEmpty()) fail("user-visible text written in Java (put it in res/values/strings*.xml):\n" + String.join("\n", problems));
    }

    @Test
    public void theScanFindsWhatItLooksFor() {
        assertEquals(1, literalText("b.setContentDescription(\"label \" + label);").size());
        assertEquals(1, literalText("notice.postValue(Notice.error(e.getMessage()));").size());
        assertEquals(1, literalText("notifications.finished(domain, \"Training did not finish: \" + why);").size());
        assertEquals(1, literalText("getString(R.string.plant_camera_error_open, \"session configuration failed\")").size());
        assertEquals(0, literalText("setText(name + \"\\n\" + getString(R.string.personalize_count_ready, n));").size());
        assertEquals(0, literalText("getInputData().getString(KEY_DOMAIN)").size());
        assertEquals("a(\"x // y\"); ", withoutComments("a(\"x // y\"); // comment"));
    }

    /** The offending arguments of text-showing calls in {@code code} (comments already removed). */
    static List<String> literalText(String code) {
        List<String> out = new ArrayList<>();
        Matcher call = UI_CALL.matcher(code);
        while (call.find()) {
            String args = arguments(code, call.end());
            Matcher literal = LITERAL.matcher(args);
            boolean found = false;
            while (literal.find()) {
                String unescaped = literal.group(1).replaceAll("\\\\u[0-9a-fA-F]{4}|\\\\.", ""); // "\n" holds no word
                if (unescaped.codePoints().anyMatch(Character::isLetter)) found = true;
            }
            if (found || args.contains("getMessage()")) out.add(call.group(1) + "(" + args.trim() + ")");
        }
        return out;
    }

    /** The text between the parenthesis opened just before {@code start} and the one that closes it. */
    private static String arguments(String code, int start) {
        int depth = 1;
        boolean inString = false;
        for (int i = start; i < code.length(); i++) {
            char c = code.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return code.substring(start, i);
            }
        }
        return code.substring(start);
    }

    /** Java without its comments (string and char literals kept as they are). */
    static String withoutComments(String code) {
        StringBuilder out = new StringBuilder(code.length());
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < code.length() && code.charAt(j) != c) j += code.charAt(j) == '\\' ? 2 : 1;
                out.append(code, i, Math.min(j + 1, code.length()));
                i = j;
            } else if (code.startsWith("//", i)) {
                while (i < code.length() && code.charAt(i) != '\n') i++;
                if (i < code.length()) out.append('\n');
            } else if (code.startsWith("/*", i)) {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? code.length() : end + 1;
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

package org.localexpert.app.text;

import android.content.Context;
import android.content.res.XmlResourceParser;

import org.localexpert.app.R;
import org.xmlpull.v1.XmlPullParser;
import org.xmlpull.v1.XmlPullParserException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a label is called on screen. A model's labels ("Tomato___Bacterial_spot": the data set's folder names, in
 * {@code labels.txt} and the model's metadata) are stable ids that samples, the history and personal models store,
 * so they never change; {@code res/xml/label_names.xml} maps each shipped label to a string resource, and its name
 * is translated with the rest of the app ({@code values-mr}, {@code values-hi}). Labels the file does not list —
 * the handwriting digits, the characters a user adds — are shown exactly as they are.
 */
public final class LabelText {
    /** "domain/label" → string resource; labels cannot contain '/', so the key is unambiguous. */
    private static volatile Map<String, Integer> names;

    private LabelText() {
    }

    /** The name of {@code label} of {@code domain} in the user's language, or the label itself. */
    public static String of(Context c, String domain, String label) {
        Integer res = names(c).get(domain + "/" + label);
        return res == null ? label : c.getString(res);
    }

    /** {@link #of} for each label, in order. */
    public static List<String> of(Context c, String domain, List<String> labels) {
        List<String> out = new ArrayList<>(labels.size());
        for (String l : labels) out.add(of(c, domain, l));
        return out;
    }

    /** The string resource naming {@code label}, or 0 when the label is shown as it is. */
    public static int resource(Context c, String domain, String label) {
        Integer res = names(c).get(domain + "/" + label);
        return res == null ? 0 : res;
    }

    private static Map<String, Integer> names(Context c) {
        Map<String, Integer> n = names;
        if (n == null) {
            n = read(c);
            names = n; // the same for every caller: a race only reads the file twice
        }
        return n;
    }

    /** Reads {@code <domain name="plant"><label id="Healthy" name="@string/..."/>...</domain>}. */
    private static Map<String, Integer> read(Context c) {
        Map<String, Integer> out = new HashMap<>();
        try (XmlResourceParser xml = c.getResources().getXml(R.xml.label_names)) {
            String domain = null;
            for (int e = xml.getEventType(); e != XmlPullParser.END_DOCUMENT; e = xml.next()) {
                if (e != XmlPullParser.START_TAG) continue;
                if ("domain".equals(xml.getName())) {
                    domain = xml.getAttributeValue(null, "name");
                } else if ("label".equals(xml.getName())) {
                    int res = xml.getAttributeResourceValue(null, "name", 0);
                    String id = xml.getAttributeValue(null, "id");
                    if (domain == null || id == null || res == 0) {
                        throw new IllegalStateException("label_names.xml line " + xml.getLineNumber() + ": a label needs a domain, an id and a @string name");
                    }
                    out.put(domain + "/" + id, res);
                }
            }
        } catch (XmlPullParserException e) {
            throw new IllegalStateException("label_names.xml cannot be read", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(out);
    }
}

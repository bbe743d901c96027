package org.localexpert.app.ui;

import static org.junit.Assert.fail;

import android.app.Activity;
import android.content.res.ColorStateList;
import android.graphics.Color;
import android.graphics.Typeface;
import android.graphics.drawable.ColorDrawable;
import android.graphics.drawable.Drawable;
import android.graphics.drawable.GradientDrawable;
import android.util.TypedValue;
import android.view.View;
import android.view.ViewGroup;
import android.widget.AbsListView;
import android.widget.Button;
import android.widget.EditText;
import android.widget.ImageView;
import android.widget.ProgressBar;
import android.widget.Spinner;
import android.widget.TextView;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.localexpert.app.R;

/**
 * What every screen owes every user, checked on the views as laid out:
 * <ul>
 *   <li><b>touch targets</b> of at least 48 × 48 dp (buttons, switches, spinners, text fields, list rows,
 *       anything with a click listener);</li>
 *   <li><b>contrast</b>: text at least 4.5:1 against what is behind it (3:1 for large text), per WCAG 2.1 —
 *       in the dark theme too, where a hard-coded light panel behind theme-coloured text fails;</li>
 *   <li><b>TalkBack</b>: every control says what it is (text or content description), and so does every
 *       picture that is not marked as decoration;</li>
 *   <li>in a translated screen, <b>no English words</b> left (except names like Android or GPU, and the
 *       Settings screen's technical details, which are for support).</li>
 * </ul>
 */
final class ScreenChecks {
    static final float MIN_TOUCH_DP = 48f;
    static final double MIN_CONTRAST = 4.5, MIN_CONTRAST_LARGE = 3.0;
    private static final Pattern ENGLISH_WORD = Pattern.compile("[A-Za-z]{2,}");
    /** Names that stay as they are in every language; AM/PM is how Marathi's own date format writes the time. */
    private static final String[] NAMES = {"LocalExpert", "TensorFlow Lite", "Android", "GPU", "CPU", "MB", "AM", "PM"};

    private ScreenChecks() {
    }

    /** Fails with every problem found on the screen shown in {@code a}'s main container. */
    static void assertUsable(Activity a, String screen, boolean translated) {
        List<String> problems = new ArrayList<>();
        int window = windowBackground(a);
        float density = a.getResources().getDisplayMetrics().density;
        walk(a.findViewById(R.id.main_container), v -> {
            if (!v.isShown()) return;
            String name = name(v);
            if (isControl(v)) {
                if (v.getWidth() < MIN_TOUCH_DP * density - 0.5f || v.getHeight() < MIN_TOUCH_DP * density - 0.5f) {
                    problems.add(String.format("touch target %s is %.0f x %.0f dp", name, v.getWidth() / density, v.getHeight() / density));
                }
                if (spokenName(v).isEmpty()) problems.add("control " + name + " has no text or content description for TalkBack");
            }
            if (v.getParent() instanceof AbsListView && v.getHeight() < MIN_TOUCH_DP * density - 0.5f) {
                problems.add(String.format("list row %s is %.0f dp high", name, v.getHeight() / density));
            }
            if (v instanceof ImageView && v.isImportantForAccessibility() && empty(v.getContentDescription())) {
                problems.add("picture " + name + " has no content description for TalkBack");
            }
            if (!(v instanceof ViewGroup) && !(v instanceof TextView) && !(v instanceof ImageView) && !(v instanceof ProgressBar)
                    && v.isImportantForAccessibility() && empty(v.getContentDescription())) {
                problems.add("view " + name + " has no content description for TalkBack");
            }
            if (v instanceof TextView && !(v instanceof Button) && !(v instanceof EditText) && ((TextView) v).length() > 0) {
                TextView t = (TextView) v;
                int behind = background(v, window);
                double ratio = contrast(over(faded(t.getCurrentTextColor(), v), behind), behind);
                double needed = isLarge(t) ? MIN_CONTRAST_LARGE : MIN_CONTRAST;
                if (ratio < needed) {
                    problems.add(String.format("text %s \"%s\" has contrast %.2f:1 on #%06X (needs %.1f:1)",
                            name, shortText(t), ratio, behind & 0xFFFFFF, needed));
                }
            }
            if (translated && v instanceof TextView && v.getId() != R.id.settings_backend_details) {
                String text = String.valueOf(((TextView) v).getText());
                if (v instanceof EditText) text = "";
                for (String n : NAMES) text = text.replace(n, "");
                if (ENGLISH_WORD.matcher(text).find()) problems.add("English left in " + name + ": \"" + shortText((TextView) v) + "\"");
            }
        });
        if (!problems.isEmpty()) fail(problems.size() + " problem(s) on the " + screen + " screen:\n" + String.join("\n", problems));
    }

    private static boolean isControl(View v) {
        return v instanceof Button || v instanceof Spinner || v instanceof EditText || v.hasOnClickListeners();
    }

    private static String spokenName(View v) {
        if (!empty(v.getContentDescription())) return v.getContentDescription().toString();
        if (v instanceof EditText && !empty(((EditText) v).getHint())) return ((EditText) v).getHint().toString();
        if (v instanceof TextView && !empty(((TextView) v).getText())) return ((TextView) v).getText().toString();
        return "";
    }

    private interface Visitor {
        void visit(View v);
    }

    private static void walk(View v, Visitor visitor) {
        visitor.visit(v);
        if (v instanceof ViewGroup) {
            ViewGroup g = (ViewGroup) v;
            for (int i = 0; i < g.getChildCount(); i++) walk(g.getChildAt(i), visitor);
        }
    }

    /** The opaque colour drawn behind {@code v}: the nearest solid background of it or its parents, else the window's. */
    private static int background(View v, int window) {
        for (View p = v; p != null; p = p.getParent() instanceof View ? (View) p.getParent() : null) {
            Drawable d = p.getBackground();
            if (d instanceof ColorDrawable && Color.alpha(((ColorDrawable) d).getColor()) == 255) return ((ColorDrawable) d).getColor();
            if (d instanceof GradientDrawable) {
                ColorStateList c = ((GradientDrawable) d).getColor();
                if (c != null && Color.alpha(c.getDefaultColor()) == 255) return c.getDefaultColor();
            }
        }
        return window;
    }

    private static int windowBackground(Activity a) {
        TypedValue v = new TypedValue();
        if (a.getTheme().resolveAttribute(android.R.attr.windowBackground, v, true)
                && v.type >= TypedValue.TYPE_FIRST_COLOR_INT && v.type <= TypedValue.TYPE_LAST_COLOR_INT) {
            return v.data;
        }
        a.getTheme().resolveAttribute(android.R.attr.colorBackground, v, true);
        return v.data;
    }

    /** {@code colour} with the alpha of {@code v} and its parents applied (a view faded with setAlpha fades its text). */
    private static int faded(int colour, View v) {
        float alpha = Color.alpha(colour) / 255f;
        for (View p = v; p != null; p = p.getParent() instanceof View ? (View) p.getParent() : null) alpha *= p.getAlpha();
        return Color.argb(Math.round(alpha * 255), Color.red(colour), Color.green(colour), Color.blue(colour));
    }

    /** {@code colour} (maybe translucent) as it looks over the opaque {@code behind}. */
    static int over(int colour, int behind) {
        float alpha = Color.alpha(colour) / 255f;
        return Color.rgb(Math.round(Color.red(colour) * alpha + Color.red(behind) * (1 - alpha)),
                Math.round(Color.green(colour) * alpha + Color.green(behind) * (1 - alpha)),
                Math.round(Color.blue(colour) * alpha + Color.blue(behind) * (1 - alpha)));
    }

    /** WCAG 2.1 contrast ratio of two opaque colours, 1 to 21. */
    static double contrast(int a, int b) {
        double la = luminance(a), lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(int c) {
        return 0.2126 * linear(Color.red(c)) + 0.7152 * linear(Color.green(c)) + 0.0722 * linear(Color.blue(c));
    }

    private static double linear(int channel) {
        double s = channel / 255.0;
        return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }

    /** WCAG's large text: 18 pt, or 14 pt bold (1 pt = 4/3 sp). */
    private static boolean isLarge(TextView t) {
        float sp = t.getTextSize() / t.getResources().getDisplayMetrics().scaledDensity;
        Typeface f = t.getTypeface();
        boolean bold = f != null && f.isBold();
        return sp >= 24f || (bold && sp >= 18.66f);
    }

    private static String name(View v) {
        String id = v.getId() == View.NO_ID ? "" : v.getResources().getResourceEntryName(v.getId());
        return v.getClass().getSimpleName() + (id.isEmpty() ? "" : "#" + id);
    }

    private static String shortText(TextView t) {
        String s = String.valueOf(t.getText()).replace('\n', ' ');
        return s.length() > 50 ? s.substring(0, 50) + "…" : s;
    }

    private static boolean empty(CharSequence s) {
        return s == null || s.toString().trim().isEmpty();
    }
}

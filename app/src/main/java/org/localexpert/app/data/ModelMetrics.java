package org.localexpert.app.data;

import org.json.JSONException;
import org.json.JSONObject;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Held-out accuracy of a personal model and of the GE before it, overall and per class, as one JSON object
 * (stored in the model's store record and in the personal_models row):
 * {@code {"before":0.8,"after":0.95,"heldOut":20,"perClass":{"3":[0.5,1.0],...}}}. NaN is written as null.
 */
public final class ModelMetrics {
    public float before = Float.NaN;
    public float after = Float.NaN;
    public int heldOut;
    public final Map<String, float[]> perClass = new LinkedHashMap<>();

    public String toJson() {
        try {
            JSONObject o = new JSONObject();
            o.put("before", num(before));
            o.put("after", num(after));
            o.put("heldOut", heldOut);
            JSONObject pc = new JSONObject();
            for (Map.Entry<String, float[]> e : perClass.entrySet()) {
                pc.put(e.getKey(), new org.json.JSONArray().put(num(e.getValue()[0])).put(num(e.getValue()[1])));
            }
            o.put("perClass", pc);
            return o.toString();
        } catch (JSONException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ModelMetrics fromJson(String json) {
        ModelMetrics m = new ModelMetrics();
        if (json == null || json.isEmpty()) return m;
        try {
            JSONObject o = new JSONObject(json);
            m.before = flt(o.opt("before"));
            m.after = flt(o.opt("after"));
            m.heldOut = o.optInt("heldOut", 0);
            JSONObject pc = o.optJSONObject("perClass");
            if (pc != null) {
                for (Iterator<String> it = pc.keys(); it.hasNext(); ) {
                    String k = it.next();
                    org.json.JSONArray a = pc.getJSONArray(k);
                    m.perClass.put(k, new float[] {flt(a.opt(0)), flt(a.opt(1))});
                }
            }
        } catch (JSONException e) {
            // A damaged metrics record only loses the numbers shown, never the model.
        }
        return m;
    }

    private static Object num(float v) {
        return Float.isNaN(v) || Float.isInfinite(v) ? JSONObject.NULL : (Object) (double) v;
    }

    private static float flt(Object o) {
        return o instanceof Number ? ((Number) o).floatValue() : Float.NaN;
    }
}

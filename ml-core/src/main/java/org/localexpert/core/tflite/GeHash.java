package org.localexpert.core.tflite;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Identity of a global expert: SHA-256 over its weights, written {@code "sha256-weights:<hex>"}.
 *
 * <p>Hashed are the constant tensors of the GE's main subgraph (subgraph 0), in tensor-index order:
 * for each tensor whose buffer is not empty, its data length as 8 little-endian bytes, then the data.
 * Only the weights count — not tensor names, the description or metadata — so adding a model card or
 * re-writing the file does not change the GE's identity, while any retraining does. (The hash of the
 * whole file would change whenever its metadata changed.)
 */
public final class GeHash {
    public static final String PREFIX = "sha256-weights:";

    private GeHash() {}

    public static String of(TfliteModel ge) {
        return of(ge, "");
    }

    /**
     * The hash of the GE embedded in a mixture: the same digest over only the tensors whose names
     * start with {@code prefix} ({@code "ge/"} in a personal mixture), which keeps the GE's
     * tensors in their order. Equal to {@link #of(TfliteModel)} of the GE the mixture was built from
     * unless its weights were changed after the build.
     */
    public static String embedded(TfliteModel mixture, String prefix) {
        if (prefix == null || prefix.isEmpty()) throw new IllegalArgumentException("prefix must not be empty");
        return of(mixture, prefix);
    }

    private static String of(TfliteModel ge, String prefix) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        for (TfliteTensor t : ge.mainSubgraph().tensors()) {
            if (!prefix.isEmpty() && (t.name() == null || !t.name().startsWith(prefix))) continue;
            byte[] data = ge.tensorData(t);
            if (data.length == 0) continue;
            long n = data.length;
            for (int i = 0; i < 8; i++) sha.update((byte) (n >>> (8 * i)));
            sha.update(data);
        }
        StringBuilder hex = new StringBuilder(PREFIX);
        for (byte b : sha.digest()) hex.append(String.format("%02x", b & 0xff));
        return hex.toString();
    }
}

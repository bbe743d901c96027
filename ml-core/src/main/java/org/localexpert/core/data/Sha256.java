package org.localexpert.core.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 as lower-case hex: the one place the project names file and model contents by hash. */
public final class Sha256 {
    private Sha256() {
    }

    public static String hex(byte[] bytes) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        StringBuilder hex = new StringBuilder(64);
        for (byte b : sha.digest(bytes)) hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        return hex.toString();
    }
}

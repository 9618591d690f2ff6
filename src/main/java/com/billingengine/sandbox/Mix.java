package com.billingengine.sandbox;

import java.nio.charset.StandardCharsets;

/** Stable 64-bit hashing (SplitMix64 finaliser): the same inputs give the same numbers in every JVM. */
final class Mix {

    private Mix() {
    }

    static long mix(long h, long value) {
        long z = h ^ (value + 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long mix(long h, String value) {
        long result = mix(h, value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            result = mix(result, b);
        }
        return result;
    }

    /** A value in [0, bound). */
    static int below(long hash, int bound) {
        return (int) Long.remainderUnsigned(hash, bound);
    }

    /** A fraction in [0, 1), for probabilities only (never money). */
    static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }
}

package com.billingengine.sandbox;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque page tokens: a payload sealed with an HMAC keyed by the seed, so equal seeds give equal tokens and a
 * token that was not ours (or was edited) is recognised.
 */
final class PageTokens {

    private final byte[] key;

    PageTokens(long seed) {
        this.key = ByteBuffer.allocate(16).putLong(seed).putLong(0x70A6E70CE45L).array();
    }

    String seal(String payload) {
        String sealed = payload + "|" + mac(payload);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed.getBytes(StandardCharsets.UTF_8));
    }

    /** The payload, or null when the token is not one we sealed. */
    String open(String token) {
        String sealed;
        try {
            sealed = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int bar = sealed.lastIndexOf('|');
        if (bar < 0) {
            return null;
        }
        String payload = sealed.substring(0, bar);
        return mac(payload).equals(sealed.substring(bar + 1)) ? payload : null;
    }

    /** A short digest of a request, to bind tokens to it. */
    String digest(String text) {
        return mac("request:" + text);
    }

    private String mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(full, 0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}

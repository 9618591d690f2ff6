package com.billingengine.sandbox;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** The Entra-like issuer: an RSA key pair made at start, RS256 JWTs signed with it, and their verification. */
final class TokenAuthority {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final KeyPair keyPair;
    private final String keyId;
    private final SandboxTrust trust;
    private final ObjectMapper json;
    private final Clock clock;

    TokenAuthority(SandboxTrust trust, ObjectMapper json, Clock clock) {
        this.trust = trust;
        this.json = json;
        this.clock = clock;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keyPair = generator.generateKeyPair();
            byte[] modulusHash = MessageDigest.getInstance("SHA-256").digest(publicKey().getModulus().toByteArray());
            this.keyId = B64.encodeToString(Arrays.copyOf(modulusHash, 20));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the sandbox signing key", e);
        }
    }

    /** A token as Entra ID issues to the engine's app (v1 claims); overrides replace claims, a null value drops one. */
    String issue(Map<String, Object> claimOverrides, Duration lifetime) {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", trust.audience());
        claims.put("iss", trust.issuer());
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now + lifetime.getSeconds());
        claims.put("appid", trust.clientId());
        claims.put("appidacr", "1");
        claims.put("idp", trust.issuer());
        claims.put("idtyp", "app");
        claims.put("oid", trust.subject());
        claims.put("sub", trust.subject());
        claims.put("tid", trust.tenantId());
        claims.put("ver", "1.0");
        claimOverrides.forEach((name, value) -> {
            if (value == null) {
                claims.remove(name);
            } else {
                claims.put(name, value);
            }
        });
        ObjectNode header = json.createObjectNode().put("typ", "JWT").put("alg", "RS256").put("kid", keyId);
        String signingInput = B64.encodeToString(json.writeValueAsBytes(header)) + "."
                + B64.encodeToString(json.writeValueAsBytes(claims));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keyPair.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    /**
     * Checks the token like STS does before looking at the role: RS256 signature by our key, {@code iss} equal to
     * the provider, {@code exp} not more than 5 minutes past.
     *
     * @return the verified claims
     */
    JsonNode verify(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new AwsError(400, "InvalidIdentityToken", "The web identity token is not a well-formed JWT");
        }
        JsonNode header;
        JsonNode claims;
        byte[] signatureBytes;
        try {
            header = json.readTree(B64D.decode(parts[0]));
            claims = json.readTree(B64D.decode(parts[1]));
            signatureBytes = B64D.decode(parts[2]);
        } catch (IllegalArgumentException | JacksonException e) {
            throw new AwsError(400, "InvalidIdentityToken", "The web identity token is not a well-formed JWT");
        }
        if (!header.isObject() || !claims.isObject()) {
            throw new AwsError(400, "InvalidIdentityToken", "The web identity token is not a well-formed JWT");
        }
        if (!"RS256".equals(header.path("alg").asString(""))) {
            throw new AwsError(400, "InvalidIdentityToken", "Unsupported token signing algorithm");
        }
        if (!verifies(parts[0] + "." + parts[1], signatureBytes)) {
            throw new AwsError(400, "InvalidIdentityToken", "Couldn't verify the token signature");
        }
        String issuer = claims.path("iss").asString("");
        if (!trust.issuer().equals(issuer)) {
            throw new AwsError(400, "InvalidIdentityToken", "No OpenIDConnect provider found in your account for "
                    + issuer);
        }
        JsonNode exp = claims.path("exp");
        if (!exp.isNumber()) {
            throw new AwsError(400, "InvalidIdentityToken", "The web identity token has no exp claim");
        }
        long now = clock.instant().getEpochSecond();
        if (now > exp.asLong() + 300) {
            throw new AwsError(400, "ExpiredTokenException", "Token expired: current date/time " + now
                    + " must be before the expiration date/time " + exp.asLong());
        }
        return claims;
    }

    private boolean verifies(String signingInput, byte[] signatureBytes) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(keyPair.getPublic());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The JWKS document Entra serves at {@code /<tenant>/discovery/v2.0/keys}. */
    ObjectNode jwks() {
        ObjectNode doc = json.createObjectNode();
        doc.putArray("keys").addObject()
                .put("kty", "RSA")
                .put("use", "sig")
                .put("alg", "RS256")
                .put("kid", keyId)
                .put("n", B64.encodeToString(unsigned(publicKey().getModulus())))
                .put("e", B64.encodeToString(unsigned(publicKey().getPublicExponent())))
                .put("issuer", trust.issuer());
        return doc;
    }

    private RSAPublicKey publicKey() {
        return (RSAPublicKey) keyPair.getPublic();
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}

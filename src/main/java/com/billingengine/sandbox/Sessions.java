package com.billingengine.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** STS sessions handed out by AssumeRoleWithWebIdentity, found again from a SigV4 {@code Authorization} header. */
final class Sessions {

    record Session(String accessKeyId, String secretAccessKey, String sessionToken, String accountId, String roleName,
            String roleId, String sessionName, Instant expiration) {

        String assumedRoleArn() {
            return "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName;
        }
    }

    private static final String KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final Map<String, Session> byAccessKey = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    Session open(String accountId, String roleName, String roleId, String sessionName, Instant expiration) {
        Session session = new Session("ASIA" + randomString(KEY_CHARS, 16), randomString(SECRET_CHARS, 40),
                "IQoJb3JpZ2luX2VjE" + randomString(SECRET_CHARS, 300), accountId, roleName, roleId, sessionName,
                expiration);
        byAccessKey.put(session.accessKeyId(), session);
        return session;
    }

    /**
     * The session whose access key signed the request.
     *
     * @param unknownCode the service's code for an unknown key (UnrecognizedClientException, InvalidClientTokenId)
     */
    Session find(String authorization, String securityToken, String unknownCode) {
        if (authorization == null || !authorization.contains("Credential=")) {
            throw new AwsError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        int start = authorization.indexOf("Credential=") + "Credential=".length();
        int end = authorization.indexOf('/', start);
        String accessKeyId = end < 0 ? authorization.substring(start) : authorization.substring(start, end);
        Session session = byAccessKey.get(accessKeyId);
        if (session == null || (securityToken != null && !securityToken.equals(session.sessionToken()))) {
            throw new AwsError(403, unknownCode, "The security token included in the request is invalid.");
        }
        if (!clock.instant().isBefore(session.expiration())) {
            throw new AwsError(400, "ExpiredTokenException", "The security token included in the request is expired");
        }
        return session;
    }

    private String randomString(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}

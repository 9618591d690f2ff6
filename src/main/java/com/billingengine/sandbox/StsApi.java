package com.billingengine.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/** STS over the query protocol: form-encoded requests, XML answers, errors as {@code ErrorResponse}. */
final class StsApi {

    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]+)");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final String ROLE_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final Scenario scenario;
    private final TokenAuthority tokens;
    private final Sessions sessions;
    private final Duration credentialLifetime;
    private final Clock clock;

    StsApi(Scenario scenario, TokenAuthority tokens, Sessions sessions, Duration credentialLifetime, Clock clock) {
        this.scenario = scenario;
        this.tokens = tokens;
        this.sessions = sessions;
        this.credentialLifetime = credentialLifetime;
        this.clock = clock;
    }

    /** The account named by a role ARN, for counting requests per account; null when the ARN is not one. */
    static String roleAccount(String roleArn) {
        Matcher matcher = roleArn == null ? null : ROLE_ARN.matcher(roleArn);
        return matcher != null && matcher.matches() ? matcher.group(1) : null;
    }

    String assumeRoleWithWebIdentity(Map<String, String> form, String requestId) {
        String roleArn = required(form, "RoleArn", "roleArn");
        String sessionName = required(form, "RoleSessionName", "roleSessionName");
        String token = required(form, "WebIdentityToken", "webIdentityToken");
        if (roleArn.length() < 20 || roleArn.length() > 2048) {
            throw invalid("roleArn", "Member must have length between 20 and 2048");
        }
        if (sessionName.length() < 2 || sessionName.length() > 64) {
            throw invalid("roleSessionName", "Member must have length between 2 and 64");
        }
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw invalid("roleSessionName", "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        if (token.length() < 4 || token.length() > 20000) {
            throw invalid("webIdentityToken", "Member must have length between 4 and 20000");
        }
        long durationSeconds = 3600;
        if (form.containsKey("DurationSeconds")) {
            try {
                durationSeconds = Long.parseLong(form.get("DurationSeconds"));
            } catch (NumberFormatException e) {
                throw invalid("durationSeconds", "Member must be an integer");
            }
            if (durationSeconds < 900 || durationSeconds > 43200) {
                throw invalid("durationSeconds", "Member must have value between 900 and 43200");
            }
        }
        Matcher arn = ROLE_ARN.matcher(roleArn);
        if (!arn.matches()) {
            throw new AwsError(400, "ValidationError", "Request ARN is invalid");
        }

        JsonNode claims = tokens.verify(token);
        String accountId = arn.group(1);
        String roleName = arn.group(2);
        Scenario.Role role = scenario.role(accountId, roleName);
        String subject = claims.path("sub").asString("");
        if (role == null || !audiences(claims).contains(role.audience()) || !role.subject().equals(subject)) {
            throw new AwsError(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
        }

        Instant now = clock.instant();
        Duration lifetime = Duration.ofSeconds(durationSeconds);
        if (credentialLifetime.compareTo(lifetime) < 0) {
            lifetime = credentialLifetime;
        }
        Instant expiration = now.plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        Sessions.Session session = sessions.open(accountId, roleName, roleId(accountId), sessionName, expiration);
        String audience = audiences(claims).contains(role.audience()) ? role.audience() : "";
        return "<AssumeRoleWithWebIdentityResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <AssumeRoleWithWebIdentityResult>\n"
                + "    <Audience>" + Xml.escape(audience) + "</Audience>\n"
                + "    <AssumedRoleUser>\n"
                + "      <AssumedRoleId>" + Xml.escape(session.roleId() + ":" + sessionName) + "</AssumedRoleId>\n"
                + "      <Arn>" + Xml.escape(session.assumedRoleArn()) + "</Arn>\n"
                + "    </AssumedRoleUser>\n"
                + "    <Provider>" + Xml.escape(claims.path("iss").asString("")) + "</Provider>\n"
                + "    <Credentials>\n"
                + "      <AccessKeyId>" + session.accessKeyId() + "</AccessKeyId>\n"
                + "      <SecretAccessKey>" + session.secretAccessKey() + "</SecretAccessKey>\n"
                + "      <SessionToken>" + session.sessionToken() + "</SessionToken>\n"
                + "      <Expiration>" + expiration + "</Expiration>\n"
                + "    </Credentials>\n"
                + "    <SubjectFromWebIdentityToken>" + Xml.escape(subject) + "</SubjectFromWebIdentityToken>\n"
                + "  </AssumeRoleWithWebIdentityResult>\n"
                + "  <ResponseMetadata>\n"
                + "    <RequestId>" + requestId + "</RequestId>\n"
                + "  </ResponseMetadata>\n"
                + "</AssumeRoleWithWebIdentityResponse>\n";
    }

    String getCallerIdentity(Sessions.Session session, String requestId) {
        return "<GetCallerIdentityResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <GetCallerIdentityResult>\n"
                + "    <Arn>" + Xml.escape(session.assumedRoleArn()) + "</Arn>\n"
                + "    <UserId>" + Xml.escape(session.roleId() + ":" + session.sessionName()) + "</UserId>\n"
                + "    <Account>" + session.accountId() + "</Account>\n"
                + "  </GetCallerIdentityResult>\n"
                + "  <ResponseMetadata>\n"
                + "    <RequestId>" + requestId + "</RequestId>\n"
                + "  </ResponseMetadata>\n"
                + "</GetCallerIdentityResponse>\n";
    }

    static String error(AwsError error, String requestId) {
        String type = error.status() >= 500 ? "Receiver" : "Sender";
        return "<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <Error>\n"
                + "    <Type>" + type + "</Type>\n"
                + "    <Code>" + Xml.escape(error.code()) + "</Code>\n"
                + "    <Message>" + Xml.escape(error.getMessage()) + "</Message>\n"
                + "  </Error>\n"
                + "  <RequestId>" + requestId + "</RequestId>\n"
                + "</ErrorResponse>\n";
    }

    private static List<String> audiences(JsonNode claims) {
        JsonNode aud = claims.path("aud");
        if (aud.isArray()) {
            return aud.values().stream().map(node -> node.asString("")).toList();
        }
        return aud.isString() ? List.of(aud.asString()) : List.of();
    }

    /** The role's unique id (AROA...), stable for the account. */
    private static String roleId(String accountId) {
        long h = Mix.mix(0x5EED, accountId);
        StringBuilder id = new StringBuilder("AROA");
        for (int i = 0; i < 17; i++) {
            h = Mix.mix(h, i);
            id.append(ROLE_ID_CHARS.charAt(Mix.below(h, ROLE_ID_CHARS.length())));
        }
        return id.toString();
    }

    private static String required(Map<String, String> form, String name, String member) {
        String value = form.get(name);
        if (value == null) {
            throw new AwsError(400, "ValidationError",
                    "1 validation error detected: Value null at '" + member + "' failed to satisfy constraint: "
                            + "Member must not be null");
        }
        return value;
    }

    private static AwsError invalid(String member, String constraint) {
        return new AwsError(400, "ValidationError",
                "1 validation error detected: Value at '" + member + "' failed to satisfy constraint: " + constraint);
    }
}

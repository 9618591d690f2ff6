package com.billingengine.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SSLSocketFactory;

import com.billingengine.BillingProperties;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.MsalServiceException;

/**
 * Production sign-in: a Microsoft Entra ID confidential client (msal4j) with a client secret or a certificate.
 * The token is reused until five minutes before it expires. This class caches it rather than msal4j: msal4j 1.26.1
 * files a token under the authority's host but looks it up under host:port, so behind an authority with a port
 * (a proxy, a test double) its cache never hits.
 */
final class EntraIdTokenSource implements WebIdentityTokenSource {

    private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private final ConfidentialClientApplication app;
    private final String clientId;
    private final String scope;
    /** Only to blank it out of error messages; null with a certificate credential. */
    private final ClientSecret secret;
    private final Clock clock;
    private IAuthenticationResult current;

    private EntraIdTokenSource(ConfidentialClientApplication app, String clientId, String scope, ClientSecret secret,
            Clock clock) {
        this.app = app;
        this.clientId = clientId;
        this.scope = scope;
        this.secret = secret;
        this.clock = clock;
    }

    static EntraIdTokenSource fromConfiguration(BillingProperties.Identity identity, Clock clock) {
        return create(identity, null, clock);
    }

    /** {@code sslSocketFactory} null means the JVM's default trust store; tests pass one that trusts WireMock. */
    static EntraIdTokenSource create(BillingProperties.Identity identity, SSLSocketFactory sslSocketFactory,
            Clock clock) {
        return create(identity, sslSocketFactory, clock, null);
    }

    /** {@code given}: a secret handed over in memory (the sandbox's), instead of the environment or a file. */
    static EntraIdTokenSource create(BillingProperties.Identity identity, SSLSocketFactory sslSocketFactory,
            Clock clock, ClientSecret given) {
        if (identity.tenantId() == null || identity.clientId() == null) {
            throw new IdentityException("--auth-mode entra-id needs billing.identity.tenant-id and billing.identity.client-id"
                    + " (jobs/monthly-billing.yml or BILLING_IDENTITY_TENANT_ID / BILLING_IDENTITY_CLIENT_ID)");
        }
        String scope = identity.scope() != null ? identity.scope() : "api://" + identity.clientId() + "/.default";
        String authority = identity.authority().endsWith("/") ? identity.authority() : identity.authority() + "/";
        ClientSecret secret = given != null ? given : identity.certificateFile() == null ? secret(identity) : null;
        IClientCredential credential = secret != null
                ? ClientCredentialFactory.createFromSecret(secret.value()) : certificate(identity);
        try {
            var builder = ConfidentialClientApplication.builder(identity.clientId(), credential)
                    .authority(authority + identity.tenantId() + "/")
                    // The authority is configured, not discovered: no extra round trip to login.microsoftonline.com.
                    .instanceDiscovery(false)
                    .validateAuthority(false);
            if (sslSocketFactory != null) {
                builder.sslSocketFactory(sslSocketFactory);
            }
            return new EntraIdTokenSource(builder.build(), identity.clientId(), scope, secret, clock);
        } catch (java.net.MalformedURLException e) {
            throw new IdentityException("billing.identity.authority '" + identity.authority() + "' is not a URL", e);
        }
    }

    static ClientSecret secret(BillingProperties.Identity identity) {
        String secret = identity.secretFile() != null
                ? read(identity.secretFile(), "client secret file")
                : System.getenv("BILLING_CLIENT_SECRET");
        if (secret == null || secret.isEmpty()) {
            throw new IdentityException("no Entra ID credential: set BILLING_CLIENT_SECRET, billing.identity.secret-file"
                    + " or billing.identity.certificate-file");
        }
        return new ClientSecret(secret);
    }

    private static IClientCredential certificate(BillingProperties.Identity identity) {
        Path file = identity.certificateFile();
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".p12") || name.endsWith(".pfx")) {
                String password = identity.certificatePasswordFile() != null
                        ? read(identity.certificatePasswordFile(), "certificate password file")
                        : System.getenv("BILLING_CERTIFICATE_PASSWORD");
                try (InputStream in = Files.newInputStream(file)) {
                    return ClientCredentialFactory.createFromCertificate(in, password == null ? "" : password);
                }
            }
            if (identity.privateKeyFile() == null) {
                throw new IdentityException("the PEM certificate " + file + " needs billing.identity.private-key-file"
                        + " (a PKCS#8 PEM key), or give a .p12/.pfx file instead");
            }
            X509Certificate certificate;
            try (InputStream in = Files.newInputStream(file)) {
                certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            return ClientCredentialFactory.createFromCertificate(privateKey(identity.privateKeyFile()), certificate);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            // Names the files, never the password; the cause's message (e.g. "keystore password was incorrect")
            // says what is wrong.
            throw new IdentityException("cannot load the Entra ID certificate " + file
                    + (identity.privateKeyFile() != null ? " with key " + identity.privateKeyFile() : "")
                    + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("the private key is not an unencrypted PKCS#8 PEM key"
                    + " (BEGIN PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt");
        }
        String base64 = text.substring(text.indexOf("-----BEGIN PRIVATE KEY-----") + 27, text.indexOf("-----END PRIVATE KEY-----"));
        // Entra ID signs client assertions with RS256/PS256: the key is RSA.
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IdentityException("cannot read the " + what + " " + file, e);
        }
    }

    @Override
    public synchronized String token() {
        if (current == null || clock.instant().isAfter(current.expiresOnDate().toInstant().minus(RENEW_BEFORE))) {
            current = acquire();
        }
        return current.accessToken();
    }

    private IAuthenticationResult acquire() {
        try {
            return app.acquireToken(ClientCredentialParameters.builder(Set.of(scope)).skipCache(true).build()).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String reason = cause instanceof MsalServiceException service
                    ? service.errorCode() + " (HTTP " + service.statusCode() + "): " + service.getMessage()
                    : String.valueOf(cause.getMessage());
            String message = "Microsoft Entra ID refused a token for client " + clientId + " and scope " + scope + ": ";
            // A cause that echoes the secret would print it with the stack trace: keep only the redacted text.
            throw redact(reason).equals(reason)
                    ? new IdentityException(message + reason, cause)
                    : new IdentityException(message + redact(reason));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityException("interrupted while signing in to Microsoft Entra ID", e);
        }
    }

    /** An identity provider could echo the request; the secret must never reach a log. */
    private String redact(String message) {
        return secret == null ? message : message.replace(secret.value(), "****");
    }

    @Override
    public String describe() {
        return "Entra ID client " + clientId;
    }
}

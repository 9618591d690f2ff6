package com.billingengine.identity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.billingengine.BillingProperties;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/** msal4j against a WireMock Entra ID over HTTPS: what goes on the wire, caching, renewal and errors. */
class EntraIdTokenSourceTest {

    private static final String TENANT = "11111111-2222-3333-4444-555555555555";
    private static final String CLIENT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    private static final String TOKEN_PATH = "/" + TENANT + "/oauth2/v2.0/token";
    private static final String SECRET = "s3cr3t~" + UUID.randomUUID();
    private static final String ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJhcGk6Ly9hYWFhIn0.c2lnbmF0dXJl";

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock();
    private final WireMockServer entra = new WireMockServer(wireMockConfig().dynamicHttpsPort().httpDisabled(true));

    @BeforeEach
    void start() {
        entra.start();
    }

    @AfterEach
    void stop() {
        entra.stop();
    }

    @Test
    void clientSecretAcquiresATokenWithTheClientCredentialsGrant() throws Exception {
        entra.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(token(3599)));

        assertThat(secretSource().token()).isEqualTo(ACCESS_TOKEN);

        entra.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_secret=" + form(SECRET)))
                // msal4j adds openid profile offline_access to every scope list.
                .withRequestBody(matching(".*scope=[^&]*" + form("api://" + CLIENT_ID + "/.default") + "(&.*|$)"))
                .withRequestBody(containing("client_id=" + CLIENT_ID)));
        assertOnlyTheTokenEndpointWasCalled();
    }

    @Test
    void pkcs12CertificateAcquiresATokenWithASignedClientAssertion() throws Exception {
        entra.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(token(3599)));
        String password = UUID.randomUUID().toString();
        Path p12 = keyPair(password);
        Path passwordFile = Files.writeString(dir.resolve("certificate-password"), password + "\n");

        var source = EntraIdTokenSource.create(identity(null, p12, null, passwordFile), trustAll(), clock);

        assertThat(source.token()).isEqualTo(ACCESS_TOKEN);
        assertCertificateRequest();
    }

    @Test
    void pemCertificateAndPkcs8KeyAcquireATokenWithASignedClientAssertion() throws Exception {
        entra.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(token(3599)));
        String password = UUID.randomUUID().toString();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyPair(password))) {
            store.load(in, password.toCharArray());
        }
        Path certificate = Files.writeString(dir.resolve("entra.crt"),
                pem("CERTIFICATE", store.getCertificate("entra").getEncoded()));
        Path key = Files.writeString(dir.resolve("entra.key"),
                pem("PRIVATE KEY", store.getKey("entra", password.toCharArray()).getEncoded()));

        var source = EntraIdTokenSource.create(identity(null, certificate, key, null), trustAll(), clock);

        assertThat(source.token()).isEqualTo(ACCESS_TOKEN);
        assertCertificateRequest();
    }

    /**
     * A token within its life is reused; one lasting 1 s is stale at once, because a token is renewed five minutes
     * before it expires: no sleeping.
     */
    @ParameterizedTest(name = "expires_in {0} s: {1} token request(s) for two token() calls")
    @CsvSource({"3599, 1", "1, 2"})
    void aSecondTokenIsServedFromTheCacheUnlessItIsNearExpiry(int expiresIn, int requests) throws Exception {
        entra.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(token(expiresIn)));
        var source = secretSource();

        assertThat(source.token()).isEqualTo(ACCESS_TOKEN);
        assertThat(source.token()).isEqualTo(ACCESS_TOKEN);

        entra.verify(requests, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    @Test
    void aTokenIsRenewedFiveMinutesBeforeItExpires() throws Exception {
        entra.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(token(3599)));
        var source = secretSource();

        source.token();
        clock.advance(Duration.ofSeconds(3599).minus(Duration.ofMinutes(6)));
        source.token();
        entra.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));

        clock.advance(Duration.ofMinutes(2));
        source.token();
        entra.verify(2, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    @Test
    void aRefusalNamesTheClientAndNeverTheSecret() throws Exception {
        entra.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.",\
                        "error_codes":[7000215],"trace_id":"t","correlation_id":"c"}""")));

        assertThatThrownBy(() -> secretSource().token())
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining(CLIENT_ID)
                .hasMessageContaining("invalid_client")
                .satisfies(e -> assertThat(chainText(e)).doesNotContain(SECRET));
    }

    @Test
    void aSecretEchoedByTheIdentityProviderIsBlankedOut() throws Exception {
        entra.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"bad secret " + SECRET + "\"}")));

        assertThatThrownBy(() -> secretSource().token())
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining("bad secret ****")
                .satisfies(e -> assertThat(chainText(e)).doesNotContain(SECRET));
    }

    @Test
    void aWrongCertificatePasswordIsReportedWithoutThePassword() throws Exception {
        Path p12 = keyPair(UUID.randomUUID().toString());
        String wrong = "wrong-" + UUID.randomUUID();
        Path passwordFile = Files.writeString(dir.resolve("certificate-password"), wrong);

        assertThatThrownBy(() -> EntraIdTokenSource.create(identity(null, p12, null, passwordFile), trustAll(), clock))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining(p12.toString())
                .satisfies(e -> assertThat(chainText(e)).doesNotContain(wrong));
    }

    private void assertCertificateRequest() {
        entra.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_assertion_type="
                        + form("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")))
                .withRequestBody(containing("client_assertion=ey")));
        assertThat(entra.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).get(0).getBodyAsString())
                .doesNotContain("client_secret");
        assertOnlyTheTokenEndpointWasCalled();
    }

    /** With instance discovery and authority validation off msal4j needs no metadata document. */
    private void assertOnlyTheTokenEndpointWasCalled() {
        List<LoggedRequest> all = entra.findAll(anyRequestedFor(anyUrl()));
        assertThat(all).extracting(r -> r.getMethod().getName() + " " + r.getUrl().replaceAll("\\?.*", ""))
                .containsOnly("POST " + TOKEN_PATH);
    }

    private EntraIdTokenSource secretSource() throws Exception {
        Path secretFile = Files.writeString(dir.resolve("client-secret"), SECRET + "\n");
        return EntraIdTokenSource.create(identity(secretFile, null, null, null), trustAll(), clock);
    }

    private BillingProperties.Identity identity(Path secretFile, Path certificate, Path key, Path passwordFile) {
        return new BillingProperties.Identity(TENANT, CLIENT_ID, null, "https://localhost:" + entra.httpsPort() + "/",
                secretFile, certificate, key, passwordFile);
    }

    private static ResponseDefinitionBuilder token(int expiresIn) {
        return okJson("{\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + ",\"ext_expires_in\":" + expiresIn
                + ",\"access_token\":\"" + ACCESS_TOKEN + "\"}");
    }

    /** A self-signed RSA key pair made by the JDK's keytool, alias "entra". */
    private Path keyPair(String password) throws Exception {
        Path p12 = dir.resolve("entra-" + UUID.randomUUID() + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", password,
                "-alias", "entra", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=billing-engine-test")
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(Files.readString(dir.resolve("keytool.log"))).isZero();
        return p12;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String chainText(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    /** The wall clock plus an offset the test moves forward: the token's expiry comes from the wall clock too. */
    private static final class MovableClock extends Clock {
        private Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * Trusts WireMock's self-signed certificate, for this test only. An X509ExtendedTrustManager, because the JDK
     * wraps a plain X509TrustManager and would still check the host name against that certificate.
     */
    private static SSLSocketFactory trustAll() throws Exception {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return context.getSocketFactory();
    }
}

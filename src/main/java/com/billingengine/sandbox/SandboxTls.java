package com.billingengine.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away TLS identity for the sandbox's HTTPS listener: msal4j only talks to an https authority, so the
 * simulated Entra ID must speak TLS. The key pair is made at start-up with the JDK's keytool (the JDK has no public
 * API for it), lives in memory only, and is trusted only by clients given {@link #clientContext()}.
 */
final class SandboxTls {

    private final SSLContext serverContext;
    private final SSLContext clientContext;

    private SandboxTls(SSLContext serverContext, SSLContext clientContext) {
        this.serverContext = serverContext;
        this.clientContext = clientContext;
    }

    static SandboxTls create() {
        char[] password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12)).toCharArray();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("aws-sandbox-tls");
            Path store = dir.resolve("sandbox.p12");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "sandbox", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", new String(password), "-keypass", new String(password))
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool could not make the sandbox's TLS key: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, password);
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(keyManagers.getKeyManagers(), null, null);

            Certificate certificate = keys.getCertificate("sandbox");
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("sandbox", certificate);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, trustManagers.getTrustManagers(), null);
            return new SandboxTls(server, client);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the sandbox's TLS listener: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up the sandbox's TLS listener", e);
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a temp file of a throw-away key; the OS cleans its temp dir
                }
            }
        }
    }

    SSLContext serverContext() {
        return serverContext;
    }

    /** For clients of the sandbox (the engine in --sandbox mode): trusts exactly the sandbox's certificate. */
    SSLContext clientContext() {
        return clientContext;
    }
}

package com.billingengine.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

import com.billingengine.BillingProperties;

/**
 * {@code sftp://user@host[:port]/path} with Apache MINA SSHD: the server's host key must be in the configured
 * known_hosts file (an unknown or changed key is refused, never learnt), the user signs in with the key or password
 * file. A file is written to {@code .NAME.partial} beside its final name, read back and checked by size and
 * SHA-256, then renamed: the ERP never sees a part of a file under its final name.
 */
final class SftpTarget implements DeliveryTarget {

    private final String url;
    private final String root;
    private final SshClient client;
    private final ClientSession session;
    private final SftpClient sftp;

    private SftpTarget(String url, String root, SshClient client, ClientSession session, SftpClient sftp) {
        this.url = url;
        this.root = root;
        this.client = client;
        this.session = session;
        this.sftp = sftp;
    }

    static SftpTarget open(DeliveryUrl target, BillingProperties.Sftp settings) throws IOException {
        Duration timeout = Duration.ofSeconds(settings.timeoutSeconds());
        AtomicReference<String> refused = new AtomicReference<>();
        String knownHosts = settings.knownHosts() + " (billing.export.sftp.known-hosts)";
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE,
                settings.knownHosts()) {
            @Override
            protected boolean acceptUnknownHostKey(ClientSession s, SocketAddress remote, PublicKey key) {
                refused.set("the server's host key " + describe(key) + " is not in " + knownHosts
                        + ": refused; add the server's key there once it is verified (e.g. ssh-keyscan, checked "
                        + "with the server's administrator)");
                return false;
            }

            @Override
            public boolean acceptModifiedServerKey(ClientSession s, SocketAddress remote, KnownHostEntry entry,
                    PublicKey expected, PublicKey actual) {
                refused.set("the server's host key " + describe(actual) + " does not match " + describe(expected)
                        + " in " + knownHosts + ": refused (a changed key may be an attack); if the server's key "
                        + "changed on purpose, update that file");
                return false;
            }
        });
        // only what the settings name: never ~/.ssh/config or the keys in ~/.ssh
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.start();
        ClientSession session = null;
        try {
            session = client.connect(target.user(), target.host(), target.port()).verify(timeout).getSession();
            if (settings.identityFile() != null) {
                for (KeyPair key : identities(settings.identityFile())) {
                    session.addPublicKeyIdentity(key);
                }
            }
            if (settings.passwordFile() != null) {
                session.addPasswordIdentity(Files.readString(settings.passwordFile()).replaceFirst("\\R\\z", ""));
            }
            session.auth().verify(timeout);
            SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
            return new SftpTarget(target.text(), target.path(), client, session, sftp);
        } catch (IOException | RuntimeException e) {
            closeQuietly(session);
            client.stop();
            if (refused.get() != null) {
                throw new IOException(target.text() + ": " + refused.get(), e);
            }
            throw new IOException(target.text() + ": cannot open an SFTP session as " + target.user() + ": "
                    + e.getMessage(), e);
        }
    }

    private static Iterable<KeyPair> identities(Path file) throws IOException {
        String problem = unusableIdentity(file);
        if (problem != null) {
            throw new IOException(file + " (billing.export.sftp.identity-file): " + problem);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in,
                    FilePasswordProvider.EMPTY);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Why the file is not an unencrypted private key the client can sign in with; null if it is one. */
    static String unusableIdentity(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()),
                    in, FilePasswordProvider.EMPTY);
            return keys == null || !keys.iterator().hasNext() ? "no private key in it (OpenSSH or PEM expected)" : null;
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            return "not a usable private key (an unencrypted OpenSSH or PEM key expected): " + e.getMessage();
        }
    }

    /** Why the file is not a known_hosts file holding at least one host key; null if it is one. */
    static String unusableKnownHosts(Path file) {
        try {
            List<KnownHostEntry> entries = KnownHostEntry.readKnownHostEntries(file);
            for (KnownHostEntry entry : entries) {
                if (entry.getKeyEntry() == null) {
                    return "a line without a host key: " + entry;
                }
                entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
            }
            return entries.isEmpty() ? "holds no host key (add the server's, e.g. from ssh-keyscan, once verified)"
                    : null;
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            return "not a known_hosts file (OpenSSH format expected): " + e.getMessage();
        }
    }

    private static String describe(PublicKey key) {
        return key == null ? "?" : KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key);
    }

    private String path(String name) {
        return root.endsWith("/") ? root + name : root + "/" + name;
    }

    @Override
    public boolean holds(String name, long size, String sha256) throws IOException {
        return holdsAt(path(name), size, sha256);
    }

    private boolean holdsAt(String path, long size, String sha256) throws IOException {
        SftpClient.Attributes attributes;
        try {
            attributes = sftp.stat(path);
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw new IOException(url + ": cannot read " + path + ": " + e.getMessage(), e);
        }
        if (!attributes.isRegularFile() || attributes.getSize() != size) {
            return false;
        }
        // SFTP has no standard checksum: read the file back
        return sha256.equals(ErpExport.sha256(sftp.read(path)));
    }

    @Override
    public void send(Path file, String name, long size, String sha256) throws IOException {
        String target = path(name);
        int slash = target.lastIndexOf('/');
        String folder = target.substring(0, slash);
        String partial = folder + "/." + target.substring(slash + 1) + ".partial";
        createFolders(folder);
        try (OutputStream out = sftp.write(partial, SftpClient.OpenMode.Write, SftpClient.OpenMode.Create,
                SftpClient.OpenMode.Truncate)) {
            Files.copy(file, out);
        }
        if (!holdsAt(partial, size, sha256)) {
            throw new IOException(url + ": " + partial + " does not hold " + size + " bytes with SHA-256 " + sha256
                    + " after the upload");
        }
        if (exists(target)) {
            sftp.remove(target); // SFTP v3 renames only onto a free name; this file differs from ours
        }
        sftp.rename(partial, target);
    }

    private void createFolders(String folder) throws IOException {
        StringBuilder path = new StringBuilder(folder.startsWith("/") ? "" : ".");
        for (String part : folder.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            path.append('/').append(part);
            if (!exists(path.toString())) {
                sftp.mkdir(path.toString());
            }
        }
    }

    private boolean exists(String path) throws IOException {
        try {
            sftp.lstat(path);
            return true;
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw e;
        }
    }

    private static void closeQuietly(ClientSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (IOException ignored) {
                // the session failed already; its error is the one to report
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            sftp.close();
            session.close();
        } finally {
            client.stop();
        }
    }
}

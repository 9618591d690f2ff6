package com.billingengine.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server for delivery tests: MINA SSHD on a loopback port with a generated host key, its files under a
 * temporary root. It counts the files opened for writing (uploads) and can refuse uploads after the first N, as a
 * server whose disk filled up would; it can hold a session's first request (after the SFTP handshake) until a test
 * has changed the world under the client.
 */
final class TestSftpServer implements AutoCloseable {

    static final String USER = "erp";

    final Path root;
    final KeyPair hostKey;
    final KeyPair clientKey;
    final String password;
    final AtomicInteger uploads = new AtomicInteger();
    /** Uploads allowed before the server refuses (a negative number: no limit). */
    volatile int refuseAfter = -1;
    /** Run on the server, before it answers a session's first request after the handshake (a slow server). */
    volatile Runnable beforeFirstRequest = () -> {
    };
    private final SshServer sshd;

    TestSftpServer(Path root, String password) throws Exception {
        this.root = Files.createDirectories(root);
        this.password = password;
        hostKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        clientKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPasswordAuthenticator((user, given, session) -> USER.equals(user) && password.equals(given));
        sshd.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                && KeyUtils.compareKeys(key, clientKey.getPublic()));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(new SftpEventListener() {
            private final java.util.Set<ServerSession> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();

            @Override
            public void received(ServerSession session, int type, int id) {
                if (type != org.apache.sshd.sftp.common.SftpConstants.SSH_FXP_INIT && answered.add(session)) {
                    beforeFirstRequest.run();
                }
            }

            @Override
            public void opening(ServerSession session, String remoteHandle, Handle handle) throws IOException {
                if (handle instanceof FileHandle file && file.getOpenOptions().contains(StandardOpenOption.WRITE)) {
                    if (refuseAfter >= 0 && uploads.get() >= refuseAfter) {
                        throw new IOException("test server: no more uploads after " + refuseAfter);
                    }
                    uploads.incrementAndGet();
                }
            }
        });
        sshd.setSubsystemFactories(List.of(sftp));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(this.root));
        sshd.start();
    }

    int port() {
        return sshd.getPort();
    }

    /** A known_hosts line for this server's host key (or any other key), as ssh-keyscan would print it. */
    String knownHostsLine(KeyPair key) {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key.getPublic()) + "\n";
    }

    /** The client's private key in OpenSSH format, unencrypted. */
    void writeClientKey(Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "billing-test",
                    (OpenSSHKeyEncryptionContext) null, out);
        }
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }
}

package com.billingengine.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;

/** Bad delivery settings stop the engine before anything starts: exit 2 naming the file, line and key. */
class DeliverySettingsTest {

    @TempDir
    Path dir;

    private Cli.Result run(String exportYaml) throws Exception {
        Path config = Files.writeString(dir.resolve("delivery.yml"), "billing:\n  export:\n" + exportYaml);
        return Cli.sandbox(dir.resolve("data"), "--config", config.toString(), "run", "--period", "2026-10");
    }

    @Test
    void anUnknownSchemeIsRefusedNamingTheEntry() throws Exception {
        Cli.Result result = run("    delivery:\n      - s3://erp-drop/invoices\n      - ftp://erp.example/drop\n");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(dir.resolve("delivery.yml") + " line 5, column 9: billing.export.delivery[1]: "
                + "unknown delivery scheme in 'ftp://erp.example/drop'");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void anSftpTargetNeedsKnownHostsAndAKeyOrPasswordFile() throws Exception {
        Cli.Result result = run("    delivery: [sftp://erp@sftp.example/drop]\n");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("billing.export.delivery[0]: an sftp:// target needs "
                + "billing.export.sftp.known-hosts", "needs billing.export.sftp.identity-file");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void missingKnownHostsAndKeyFilesAreNamed() throws Exception {
        Cli.Result result = run("    delivery: [sftp://erp@sftp.example:2222/drop]\n    sftp:\n"
                + "      known-hosts: known_hosts\n      identity-file: keys/id_ed25519\n");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("line 5, column 20: billing.export.sftp.known-hosts: "
                + dir.resolve("known_hosts") + ": file not found", "line 6, column 22: billing.export.sftp.identity-file: "
                + dir.resolve("keys/id_ed25519") + ": file not found");
    }

    @Test
    void aKnownHostsFileOrKeyFileThatHoldsNoKeyIsNamed() throws Exception {
        Files.writeString(dir.resolve("known_hosts"), "sftp.example ssh-ed25519 not-base64-at-all\n");
        Files.writeString(dir.resolve("id_ecdsa"), "-----BEGIN NOTHING-----\nxyz\n-----END NOTHING-----\n");
        Cli.Result result = run("    delivery: [sftp://erp@sftp.example/drop]\n    sftp:\n"
                + "      known-hosts: known_hosts\n      identity-file: id_ecdsa\n");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("billing.export.sftp.known-hosts: " + dir.resolve("known_hosts")
                + ": holds no host key", "billing.export.sftp.identity-file: " + dir.resolve("id_ecdsa") + ": no private key in it");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutRepeatingIt() throws Exception {
        Files.writeString(dir.resolve("known_hosts"), "");
        Cli.Result result = run("    delivery: ['sftp://erp:Hunter2-secret@sftp.example/drop']\n    sftp:\n"
                + "      known-hosts: known_hosts\n");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("billing.export.delivery[0]", "carries a password",
                "billing.export.sftp.password-file").doesNotContain("Hunter2");
    }

    @Test
    void anS3EndpointMustBeAnHttpUrl() throws Exception {
        Cli.Result result = run("    s3-endpoint: 127.0.0.1:5000\n");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("billing.export.s3-endpoint: '127.0.0.1:5000' is not an http(s) URL");
    }
}

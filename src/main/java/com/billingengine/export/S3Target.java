package com.billingengine.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code s3://bucket/prefix}: each file is one PUT to its final key. A PUT is atomic per object (a reader sees the
 * old object or the whole new one, never part), so a temporary key and a copy would only double the requests and
 * leave {@code .partial} objects for an ERP that lists the prefix to trip over. The PUT carries the file's SHA-256
 * (S3 refuses a body that does not match it) and a HEAD afterwards checks size and checksum as S3 stored them.
 */
final class S3Target implements DeliveryTarget {

    /** User metadata that also carries the hex SHA-256, for S3-compatible stores that keep no checksum. */
    static final String SHA256_METADATA = "sha256";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String url;

    S3Target(S3Client s3, String url, String bucket, String prefix) {
        this.s3 = s3;
        this.url = url;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    private String key(String name) {
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    @Override
    public boolean holds(String name, long size, String sha256) throws IOException {
        HeadObjectResponse head;
        try {
            head = s3.headObject(r -> r.bucket(bucket).key(key(name)).checksumMode(ChecksumMode.ENABLED));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException(url + ": cannot read s3://" + bucket + "/" + key(name) + ": " + message(e), e);
        }
        return head.contentLength() == size && sha256.equals(sha256Of(head));
    }

    private static String sha256Of(HeadObjectResponse head) {
        if (head.checksumSHA256() != null && !head.checksumSHA256().contains("-")) {
            return HexFormat.of().formatHex(Base64.getDecoder().decode(head.checksumSHA256()));
        }
        return head.metadata().get(SHA256_METADATA);
    }

    @Override
    public void send(Path file, String name, long size, String sha256) throws IOException {
        String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256));
        try {
            s3.putObject(r -> r.bucket(bucket).key(key(name)).contentLength(size).checksumSHA256(checksum)
                    .metadata(Map.of(SHA256_METADATA, sha256)), RequestBody.fromFile(file));
        } catch (S3Exception e) {
            throw new IOException(url + ": cannot write s3://" + bucket + "/" + key(name) + ": " + message(e), e);
        }
        if (!holds(name, size, sha256)) {
            throw new IOException(url + ": s3://" + bucket + "/" + key(name) + " does not hold " + size
                    + " bytes with SHA-256 " + sha256 + " after the upload");
        }
    }

    private static String message(S3Exception e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode() + " (HTTP " + e.statusCode() + "): " + e.awsErrorDetails().errorMessage()
                : "HTTP " + e.statusCode();
    }

    @Override
    public void close() {
        s3.close();
    }
}

package com.billingengine.export;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A {@code billing.export.delivery} entry: {@code s3://bucket[/prefix]} or {@code sftp://user@host[:port]/path}.
 * {@code host} is the bucket for S3; {@code path} has no trailing slash (S3: no leading one either).
 */
record DeliveryUrl(String text, String scheme, String user, String host, int port, String path) {

    static final String S3 = "s3";
    static final String SFTP = "sftp";

    boolean sftp() {
        return SFTP.equals(scheme);
    }

    /** @throws IllegalArgumentException saying what is wrong with the entry */
    static DeliveryUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text == null ? "" : text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        if (S3.equals(scheme)) {
            if (uri.getHost() == null || uri.getUserInfo() != null || uri.getPort() != -1 || uri.getQuery() != null) {
                throw new IllegalArgumentException("'" + text + "' is not an S3 location such as s3://bucket/prefix");
            }
            return new DeliveryUrl(text.strip(), scheme, null, uri.getHost(), -1, path.replaceFirst("^/+", ""));
        }
        if (SFTP.equals(scheme)) {
            if (uri.getUserInfo() != null && uri.getUserInfo().contains(":")) {
                throw new IllegalArgumentException("'" + text.replace(uri.getRawUserInfo(), uri.getUserInfo()
                        .replaceFirst(":.*", ":***")) + "' carries a password: put it in a file named by "
                        + "billing.export.sftp.password-file, never in the URL");
            }
            if (uri.getHost() == null || uri.getUserInfo() == null || uri.getUserInfo().isBlank() || path.isEmpty()
                    || uri.getQuery() != null) {
                throw new IllegalArgumentException("'" + text + "' is not an SFTP location such as "
                        + "sftp://user@host[:port]/path (the user, the host and a folder are needed)");
            }
            return new DeliveryUrl(text.strip(), scheme, uri.getUserInfo(), uri.getHost(),
                    uri.getPort() == -1 ? 22 : uri.getPort(), path);
        }
        throw new IllegalArgumentException("unknown delivery scheme in '" + text + "'; expected s3://bucket/prefix or "
                + "sftp://user@host[:port]/path");
    }
}

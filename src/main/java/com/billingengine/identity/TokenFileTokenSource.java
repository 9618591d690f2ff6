package com.billingengine.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A web identity token kept fresh in a file by someone else (e.g. a Kubernetes projected token); re-read each time. */
final class TokenFileTokenSource implements WebIdentityTokenSource {

    private final Path file;

    TokenFileTokenSource(Path file) {
        this.file = file;
    }

    @Override
    public String token() {
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new IllegalStateException("the web identity token file " + file + " is empty");
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web identity token file " + file, e);
        }
    }

    @Override
    public String describe() {
        return "token file " + file;
    }
}

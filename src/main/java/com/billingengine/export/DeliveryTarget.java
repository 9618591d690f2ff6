package com.billingengine.export;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One place erpDelivery sends a revision's files to, open for one delivery. Names are relative to the target's
 * root ({@code 2026-10/rev-1/invoices.xml}); what is there counts only with the expected size and SHA-256.
 */
interface DeliveryTarget extends Closeable {

    /** The target holds {@code name} with exactly this size and SHA-256 (hex). */
    boolean holds(String name, long size, String sha256) throws IOException;

    /** Sends the file so that it appears under {@code name} complete or not at all, and checks it arrived intact. */
    void send(Path file, String name, long size, String sha256) throws IOException;
}

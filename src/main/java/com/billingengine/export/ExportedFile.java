package com.billingengine.export;

/** A file of a published export folder, as the manifest and the export_file table list it. */
record ExportedFile(String name, int rows, String sha256) {
}

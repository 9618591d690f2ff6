package com.billingengine.job;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;

import org.h2.api.DatabaseEventListener;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * A disk that fills up at a known point, for H2: the file system {@code fulldisk:} passes everything through to the
 * real disk until the first statement matching the armed trigger starts (H2 reports it to the database event
 * listener); from then on every write fails with the operating system's "No space left on device", until
 * {@link #freeSpace()}. With WRITE_DELAY=0 H2 writes each commit in the committing thread, so the failure lands in
 * the statement's own transaction, whatever the timing.
 */
public final class FullDisk {

    static final String SCHEME = "fulldisk";
    /** What {@code java.io} says for ENOSPC. */
    static final String NO_SPACE = "No space left on device";

    private static volatile String trigger;
    private static volatile boolean full;

    static {
        FilePath.register(new Files());
    }

    private FullDisk() {
    }

    /** An H2 URL for the database {@code db/billing} under the data dir, on this file system. */
    static String url(Path dataDir) {
        return "jdbc:h2:" + SCHEME + ":" + dataDir.resolve("db").resolve("billing").toAbsolutePath()
                + ";WRITE_DELAY=0;DATABASE_EVENT_LISTENER='" + Listener.class.getName() + "'";
    }

    /** The disk fills when a statement containing {@code sqlFragment} (case-insensitive) starts. */
    static void fillWhen(String sqlFragment) {
        trigger = sqlFragment.toLowerCase(java.util.Locale.ROOT);
        full = false;
    }

    /** The disk is full already: H2 cannot create or grow the database at all. */
    static void fillNow() {
        trigger = null;
        full = true;
    }

    static boolean isFull() {
        return full;
    }

    static void freeSpace() {
        trigger = null;
        full = false;
    }

    /** Called by H2 for every statement: the trigger statement fills the disk before it runs. */
    public static final class Listener implements DatabaseEventListener {

        @Override
        public void setProgress(int state, String name, long x, long max) {
            String armed = trigger;
            if (state == STATE_STATEMENT_START && armed != null && name != null
                    && name.toLowerCase(java.util.Locale.ROOT).contains(armed)) {
                full = true;
            }
        }
    }

    /** The {@code fulldisk:} file system: the real disk underneath. */
    public static final class Files extends FilePathWrapper {

        @Override
        public String getScheme() {
            return SCHEME;
        }

        @Override
        public FileChannel open(String mode) throws IOException {
            return new Channel(getBase().open(mode));
        }

        @Override
        public boolean createFile() {
            return !full && super.createFile();
        }
    }

    private static void checkSpace() throws IOException {
        if (full) {
            throw new IOException(NO_SPACE);
        }
    }

    /** Reads pass through; writes, truncates and forces fail once the disk is full. */
    private static final class Channel extends FileBase {

        private final FileChannel base;

        Channel(FileChannel base) {
            this.base = base;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            checkSpace();
            return base.write(src);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            checkSpace();
            return base.write(src, position);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            checkSpace();
            base.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            checkSpace();
            base.force(metaData);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}

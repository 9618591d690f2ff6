package com.billingengine.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads items page by page from a paginated AWS API, through a list of queries, {@link #parallelQueries()} of them
 * at a time. Pages are fetched by threads of the reader's own, one page ahead per query, so the chunk (and its
 * database transaction) only takes pages that have arrived, and a payer's queries take about the longest one, not
 * their sum. Each query's cursor (page token, position in the page; or done) is saved in the step's
 * ExecutionContext at every chunk commit, so a restart re-requests only the pages not yet committed (a page fetched
 * ahead but not handed to a committed chunk counts as not committed) and resumes at the same item; an empty page
 * that still carries a token is followed. Items of different queries interleave as their pages arrive: the
 * writers upsert by natural key and the exports sort, so the order changes no byte.
 */
public abstract class PagingReader<T> implements ItemStreamReader<T> {

    /**
     * One page of an API answer. {@code fromFirstPage}: the API refused the page token (expired) and this is the
     * query's first page instead: reading of the query starts over.
     */
    public record Page<T>(List<T> items, String nextToken, boolean fromFirstPage) {

        public Page(List<T> items, String nextToken) {
            this(items, nextToken, false);
        }

        boolean last() {
            return nextToken == null || nextToken.isEmpty();
        }
    }

    /** Where a query stands: done, or the page (null token: the first) and the item in it to hand out next. */
    private record Cursor(boolean done, String token, int offset) {

        static final Cursor START = new Cursor(false, null, 0);
        static final Cursor DONE = new Cursor(true, null, 0);

        String text() {
            return done ? "done" : offset + ":" + (token == null ? "" : token);
        }

        static Cursor parse(String text) {
            if (text.equals("done")) {
                return DONE;
            }
            int colon = text.indexOf(':');
            String token = text.substring(colon + 1);
            return new Cursor(false, token.isEmpty() ? null : token, Integer.parseInt(text.substring(0, colon)));
        }
    }

    /** A page as it arrived, with the token it was asked with; or the failure of its query. */
    private record Fetched<T>(int query, String token, Page<T> page, RuntimeException failure) {
    }

    /** One line per query; kept beside {@code cursor.query}, the first query not done, for people reading it. */
    private static final String CURSORS = "cursor.queries";
    private static final String QUERY = "cursor.query";
    private static final String LEGACY_TOKEN = "cursor.token";
    private static final String LEGACY_OFFSET = "cursor.offset";
    private static final AtomicInteger READERS = new AtomicInteger();
    private static final int CLOSE_WAIT_SECONDS = 60;

    private Cursor[] cursors;
    private Semaphore[] ahead;
    private BlockingQueue<Fetched<T>> arrived;
    private ExecutorService fetchers;
    private int nextQuery;
    private int unfinished;
    private Fetched<T> current;
    private int offset;
    private volatile boolean closed;

    protected abstract int queryCount();

    /** Fetches one page of query {@code index}; {@code token} is null for its first page. Called by fetch threads. */
    protected abstract Page<T> fetch(int index, String token);

    /** How many queries are read at a time. */
    protected int parallelQueries() {
        return 1;
    }

    @Override
    public void open(ExecutionContext context) {
        int queries = queryCount();
        cursors = load(context, queries);
        ahead = new Semaphore[queries];
        arrived = new LinkedBlockingQueue<>();
        closed = false;
        current = null;
        nextQuery = 0;
        unfinished = (int) Arrays.stream(cursors).filter(c -> !c.done()).count();
        int threads = Math.max(1, Math.min(parallelQueries(), queries));
        String name = "pages-" + READERS.incrementAndGet() + "-";
        AtomicInteger thread = new AtomicInteger();
        fetchers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < threads; i++) {
            startNextQuery();
        }
    }

    private static Cursor[] load(ExecutionContext context, int queries) {
        Cursor[] cursors = new Cursor[queries];
        Arrays.fill(cursors, Cursor.START);
        if (context.containsKey(CURSORS)) {
            String[] lines = context.getString(CURSORS).split("\n", -1);
            for (int i = 0; i < queries && i < lines.length; i++) {
                cursors[i] = Cursor.parse(lines[i]);
            }
        } else if (context.containsKey(QUERY)) {
            // saved by a sequential reader (one query at a time): those before it done, it at token and offset
            int query = context.getInt(QUERY);
            for (int i = 0; i < Math.min(query, queries); i++) {
                cursors[i] = Cursor.DONE;
            }
            if (query < queries) {
                cursors[query] = new Cursor(false,
                        context.containsKey(LEGACY_TOKEN) ? context.getString(LEGACY_TOKEN) : null,
                        context.getInt(LEGACY_OFFSET, 0));
            }
        }
        return cursors;
    }

    private void startNextQuery() {
        while (nextQuery < cursors.length && cursors[nextQuery].done()) {
            nextQuery++;
        }
        if (nextQuery >= cursors.length) {
            return;
        }
        int query = nextQuery++;
        Semaphore room = new Semaphore(1);
        ahead[query] = room;
        String from = cursors[query].token();
        fetchers.execute(() -> {
            String token = from;
            try {
                while (!closed) {
                    room.acquire();
                    if (closed) {
                        return; // woken by close(): no request for a closed step
                    }
                    Page<T> page = fetch(query, token);
                    arrived.put(new Fetched<>(query, page.fromFirstPage() ? null : token, page, null));
                    if (page.last()) {
                        return;
                    }
                    token = page.nextToken();
                }
            } catch (InterruptedException e) {
                // close() gave up waiting and stopped this thread (the reader's own, ending here): nothing to keep
            } catch (RuntimeException e) {
                if (!closed) {
                    arrived.add(new Fetched<>(query, token, null, e));
                }
            }
        });
    }

    @Override
    public T read() {
        while (true) {
            if (current != null) {
                if (offset < current.page().items().size()) {
                    return current.page().items().get(offset++);
                }
                cursors[current.query()] = pastPage(current);
                if (current.page().last()) {
                    unfinished--;
                    startNextQuery();
                }
                current = null;
            }
            if (unfinished == 0) {
                return null;
            }
            Fetched<T> next = take();
            if (next.failure() != null) {
                throw next.failure();
            }
            ahead[next.query()].release();
            // the saved offset applies to the page the cursor names; a query read again from its first page
            // (its token expired) starts at its first item
            offset = next.page().fromFirstPage() ? 0 : cursors[next.query()].offset();
            cursors[next.query()] = new Cursor(false, next.token(), offset);
            current = next;
        }
    }

    private Fetched<T> take() {
        try {
            return arrived.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a page", e);
        }
    }

    /**
     * Saves the cursors. A page read to its end is saved as the position after it (its next token, or its query
     * done), so a restart does not ask the API again for a page that was committed whole.
     */
    @Override
    public void update(ExecutionContext context) {
        Cursor[] saved = cursors.clone();
        if (current != null) {
            saved[current.query()] = offset >= current.page().items().size() ? pastPage(current)
                    : new Cursor(false, current.token(), offset);
        }
        List<String> lines = new ArrayList<>();
        int first = saved.length;
        for (int i = saved.length - 1; i >= 0; i--) {
            lines.add(0, saved[i].text());
            if (!saved[i].done()) {
                first = i;
            }
        }
        context.putString(CURSORS, String.join("\n", lines));
        context.putInt(QUERY, first);
        context.remove(LEGACY_TOKEN);
        context.remove(LEGACY_OFFSET);
    }

    /** Where reading of a page's query goes after it: its next token, or done. */
    private static Cursor pastPage(Fetched<?> fetched) {
        return fetched.page().last() ? Cursor.DONE : new Cursor(false, fetched.page().nextToken(), 0);
    }

    /**
     * Stops the fetch threads and drops the pages in memory; the cursors stay in the ExecutionContext. A thread
     * waiting for room is woken and ends without a request; one in a request is let finish it (at most a request's
     * time), not interrupted: an interrupt aborts the HTTP exchange half-way in the AWS SDK. No request of a closed
     * step is sent or answered later. Only if that takes over {@value #CLOSE_WAIT_SECONDS} s, or the calling thread
     * is itself interrupted (asked to stop: its flag is kept for its owner), are the reader's own threads
     * interrupted. The calling thread (a partition's) is never interrupted here, and keeps the flag it came with.
     */
    @Override
    public void close() {
        closed = true;
        if (fetchers != null) {
            for (Semaphore room : ahead) {
                if (room != null) {
                    room.release();
                }
            }
            fetchers.shutdown();
            try {
                if (!fetchers.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    fetchers.shutdownNow();
                }
            } catch (InterruptedException e) {
                fetchers.shutdownNow();
                Thread.currentThread().interrupt();
            }
            fetchers = null;
        }
        current = null;
        if (arrived != null) {
            arrived.clear();
        }
    }
}

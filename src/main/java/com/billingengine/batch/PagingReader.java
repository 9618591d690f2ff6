package com.billingengine.batch;

import java.util.List;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads items page by page from a paginated AWS API, through a list of queries. Its cursor (query, page token,
 * position in the page) is saved in the step's ExecutionContext at every chunk commit, so a restart re-requests
 * the page it stopped in and resumes at the same item; an empty page that still carries a token is followed.
 */
public abstract class PagingReader<T> implements ItemStreamReader<T> {

    /** One page of an API answer. */
    public record Page<T>(List<T> items, String nextToken) {
    }

    private record Cursor(int query, String token, int offset) {
    }

    private static final String QUERY = "cursor.query";
    private static final String TOKEN = "cursor.token";
    private static final String OFFSET = "cursor.offset";

    private int query;
    private String token;
    private int offset;
    private Page<T> page;

    protected abstract int queryCount();

    /** Fetches one page of query {@code index}; {@code token} is null for its first page. */
    protected abstract Page<T> fetch(int index, String token);

    @Override
    public void open(ExecutionContext context) {
        query = context.getInt(QUERY, 0);
        token = context.containsKey(TOKEN) ? context.getString(TOKEN) : null;
        offset = context.getInt(OFFSET, 0);
        page = null;
    }

    @Override
    public T read() {
        while (query < queryCount()) {
            if (page == null) {
                page = fetch(query, token);
            }
            if (offset < page.items().size()) {
                return page.items().get(offset++);
            }
            Cursor next = pastPage();
            query = next.query();
            token = next.token();
            offset = 0;
            page = null;
        }
        return null;
    }

    /**
     * For {@link #fetch}: the API refused the saved page token (expired), so the current query starts again at its
     * first page and item; what is read again was written before, and the writers' upserts make it change nothing.
     */
    protected final void restartQuery() {
        token = null;
        offset = 0;
    }

    /**
     * Saves the cursor. A page read to its end is saved as the position after it (its next token, or the next
     * query), so a restart does not ask the API again for a page that was committed whole.
     */
    @Override
    public void update(ExecutionContext context) {
        Cursor saved = page != null && offset >= page.items().size() ? pastPage() : new Cursor(query, token, offset);
        context.putInt(QUERY, saved.query());
        if (saved.token() == null) {
            context.remove(TOKEN);
        } else {
            context.putString(TOKEN, saved.token());
        }
        context.putInt(OFFSET, saved.offset());
    }

    /** Where reading goes after the current page: its next token, or the next query's first page. */
    private Cursor pastPage() {
        return page.nextToken() != null && !page.nextToken().isEmpty() ? new Cursor(query, page.nextToken(), 0)
                : new Cursor(query + 1, null, 0);
    }

    /** Drops the page in memory; the cursor stays in the ExecutionContext for the next open. */
    @Override
    public void close() {
        page = null;
    }
}

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
            if (page.nextToken() != null && !page.nextToken().isEmpty()) {
                token = page.nextToken();
            } else {
                query++;
                token = null;
            }
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

    @Override
    public void update(ExecutionContext context) {
        context.putInt(QUERY, query);
        if (token == null) {
            context.remove(TOKEN);
        } else {
            context.putString(TOKEN, token);
        }
        context.putInt(OFFSET, offset);
    }
}

package com.billingengine.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.MetaDataInstanceFactory;

/**
 * The paging reader's cursor: what update saves in the step's ExecutionContext, and where open resumes from it.
 * The API is a fixed book of pages: query 0 has pages a, b (empty, still with a token) and c; query 1 has one page.
 */
class PagingReaderTest {

    private static final Map<String, PagingReader.Page<String>> PAGES = Map.of(
            "0:", new PagingReader.Page<>(List.of("a1", "a2", "a3"), "t-b"),
            "0:t-b", new PagingReader.Page<>(List.of(), "t-c"),
            "0:t-c", new PagingReader.Page<>(List.of("c1", "c2"), null),
            "1:", new PagingReader.Page<>(List.of("d1", "d2"), ""));
    private static final List<String> ALL = List.of("a1", "a2", "a3", "c1", "c2", "d1", "d2");

    /** Serves the book and records every request, as the sandbox counts them. */
    static final class BookReader extends PagingReader<String> {

        final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
        private final int parallel;

        BookReader() {
            this(1);
        }

        BookReader(int parallel) {
            this.parallel = parallel;
        }

        @Override
        protected int parallelQueries() {
            return parallel;
        }

        @Override
        protected int queryCount() {
            return 2;
        }

        @Override
        protected Page<String> fetch(int index, String token) {
            String key = index + ":" + (token == null ? "" : token);
            requests.add(key);
            return PAGES.get(key);
        }
    }

    private static List<String> read(PagingReader<String> reader, int items) {
        List<String> read = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            read.add(reader.read());
        }
        return read;
    }

    /** What a restarted step hands its reader: the context saved at the last commit. */
    private static ExecutionContext restartContext(ExecutionContext saved) {
        StepExecution restarted = MetaDataInstanceFactory.createStepExecution(new ExecutionContext(saved));
        return restarted.getExecutionContext();
    }

    @Test
    void aFreshStepReadsEveryPageOnceFollowingAnEmptyPageThatCarriesAToken() {
        BookReader reader = new BookReader();
        reader.open(MetaDataInstanceFactory.createStepExecution().getExecutionContext());
        List<String> read = read(reader, ALL.size() + 1);
        assertThat(read).containsExactlyElementsOf(concat(ALL, null));
        assertThat(reader.requests).containsExactlyElementsOf(FULL_READ);
    }

    @Test
    void openWithASavedCursorResumesAtThatPageAndOffset() {
        ExecutionContext saved = new ExecutionContext();
        saved.putInt("cursor.query", 0);
        saved.putString("cursor.token", "t-c");
        saved.putInt("cursor.offset", 1);
        BookReader reader = new BookReader();
        reader.open(restartContext(saved));
        assertThat(read(reader, 4)).containsExactly("c2", "d1", "d2", null);
        assertThat(reader.requests).containsExactly("0:t-c", "1:");
    }

    @Test
    void updateMidPageSavesThePageTokenAndOffsetAndARestartReadsOnlyTheRest() {
        BookReader first = new BookReader();
        ExecutionContext context = MetaDataInstanceFactory.createStepExecution().getExecutionContext();
        first.open(context);
        assertThat(read(first, 4)).containsExactly("a1", "a2", "a3", "c1");
        first.update(context);
        first.close();
        assertThat(context.getInt("cursor.query")).isZero();
        assertThat(context.getString("cursor.queries")).as("per query: offset:token, or done")
                .isEqualTo("1:t-c\n0:");

        BookReader restarted = new BookReader();
        restarted.open(restartContext(context));
        assertThat(read(restarted, 4)).containsExactly("c2", "d1", "d2", null);
        assertThat(restarted.requests).as("only the page the commit stopped in, then the rest")
                .containsExactly("0:t-c", "1:");
    }

    @Test
    void aPageReadToItsEndIsSavedAsThePositionAfterItSoARestartDoesNotRequestItAgain() {
        BookReader first = new BookReader();
        ExecutionContext context = MetaDataInstanceFactory.createStepExecution().getExecutionContext();
        first.open(context);
        read(first, 3); // a1..a3: page a is finished, its token points at the empty page b
        first.update(context);
        assertThat(context.getString("cursor.queries")).isEqualTo("0:t-b\n0:");

        read(first, 2); // c1, c2: the last page of query 0 is finished
        first.update(context);
        assertThat(context.getInt("cursor.query")).isEqualTo(1);
        assertThat(context.getString("cursor.queries")).isEqualTo("done\n0:");

        BookReader restarted = new BookReader();
        restarted.open(restartContext(context));
        assertThat(read(restarted, 3)).containsExactly("d1", "d2", null);
        assertThat(restarted.requests).containsExactly("1:");
    }

    @Test
    void aCursorPastTheLastQueryReadsNothingAndRequestsNothing() {
        BookReader first = new BookReader();
        ExecutionContext context = MetaDataInstanceFactory.createStepExecution().getExecutionContext();
        first.open(context);
        read(first, ALL.size() + 1);
        first.update(context);
        first.close();

        BookReader restarted = new BookReader();
        restarted.open(restartContext(context));
        assertThat(restarted.read()).isNull();
        assertThat(restarted.requests).isEmpty();
    }

    private static final List<String> FULL_READ = List.of("0:", "0:t-b", "0:t-c", "1:");
    /** By items committed: a1 a2 a3 | (empty) | c1 c2 | d1 d2. */
    private static final int[] RESTART_REQUESTS = {4, 4, 4, 3, 2, 1, 1, 0};

    @Test
    void commitsAfterAnyItemAndRestartsGiveEveryItemExactlyOnce() {
        for (int commitAfter = 0; commitAfter <= ALL.size(); commitAfter++) {
            BookReader first = new BookReader();
            ExecutionContext context = MetaDataInstanceFactory.createStepExecution().getExecutionContext();
            first.open(context);
            List<String> read = new ArrayList<>(read(first, commitAfter));
            first.update(context);
            read(first, 1); // read after the commit, then the process dies: not saved
            first.close();

            BookReader restarted = new BookReader();
            restarted.open(restartContext(context));
            for (String item = restarted.read(); item != null; item = restarted.read()) {
                read.add(item);
            }
            assertThat(read).as("commit after %d items", commitAfter).containsExactlyElementsOf(ALL);
            // the restart requests the page the commit stopped in and those after it, never a page committed whole
            assertThat(restarted.requests).as("requests after a commit after %d items", commitAfter)
                    .hasSize(RESTART_REQUESTS[commitAfter])
                    .containsExactlyElementsOf(FULL_READ.subList(FULL_READ.size() - RESTART_REQUESTS[commitAfter],
                            FULL_READ.size()));
        }
    }

    /**
     * Both queries at once: pages arrive as they come, and a commit at any point saves each query's own cursor, so
     * the restart gives every item exactly once and asks for no page that was committed whole.
     */
    @Test
    void parallelQueriesCommitAnywhereAndRestartWithEveryItemOnce() {
        for (int commitAfter = 0; commitAfter <= ALL.size(); commitAfter++) {
            BookReader first = new BookReader(2);
            ExecutionContext context = MetaDataInstanceFactory.createStepExecution().getExecutionContext();
            first.open(context);
            List<String> read = new ArrayList<>(read(first, commitAfter));
            first.update(context);
            first.close();

            BookReader restarted = new BookReader(2);
            restarted.open(restartContext(context));
            for (String item = restarted.read(); item != null; item = restarted.read()) {
                read.add(item);
            }
            assertThat(read).as("commit after %d items", commitAfter).containsExactlyInAnyOrderElementsOf(ALL);
            List<String> committedWhole = new ArrayList<>();
            for (String page : FULL_READ) {
                List<String> items = PAGES.get(page).items();
                if (!items.isEmpty() && read.subList(0, commitAfter).containsAll(items)) {
                    committedWhole.add(page);
                }
            }
            assertThat(restarted.requests).as("commit after %d items", commitAfter)
                    .noneMatch(committedWhole::contains).doesNotHaveDuplicates();
        }
    }

    private static List<String> concat(List<String> items, String last) {
        List<String> all = new ArrayList<>(items);
        all.add(last);
        return all;
    }

    /**
     * A step that ends while a page is on its way (a failure in another query, a chunk that failed) closes its
     * reader: close waits for the request to come back instead of interrupting it (an interrupt aborts the SDK's
     * HTTP exchange half-way), sends no other request, and leaves the interrupt flag of the closing thread as it
     * found it, clear here: the partition's thread goes on to other steps (a worker's consumer thread to other
     * partitions), where a flag left set would stop them.
     */
    @Test
    void closeLetsARequestInFlightFinishInterruptsNoThreadAndSendsNothingMore() throws Exception {
        java.util.concurrent.CountDownLatch inFlight = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean fetchInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
        List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
        PagingReader<String> slow = new PagingReader<>() {
            @Override
            protected int parallelQueries() {
                return 2;
            }

            @Override
            protected int queryCount() {
                return 2;
            }

            @Override
            protected Page<String> fetch(int index, String token) {
                requests.add(index + ":" + token);
                if (index == 1) {
                    inFlight.countDown();
                    try {
                        Thread.sleep(300); // an AWS request at 300 ms
                    } catch (InterruptedException e) {
                        fetchInterrupted.set(true);
                        Thread.currentThread().interrupt();
                    }
                    fetchInterrupted.compareAndSet(false, Thread.currentThread().isInterrupted());
                }
                return new Page<>(List.of(index + "-item"), "next");
            }
        };
        slow.open(MetaDataInstanceFactory.createStepExecution().getExecutionContext());
        assertThat(inFlight.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        slow.close();
        assertThat(fetchInterrupted).as("the request in flight was let finish").isFalse();
        assertThat(Thread.currentThread().isInterrupted()).as("the closing thread's flag").isFalse();
        int sent = requests.size();
        Thread.sleep(100);
        assertThat(requests).as("nothing sent after close").hasSize(sent).hasSizeLessThanOrEqualTo(3);
    }
}

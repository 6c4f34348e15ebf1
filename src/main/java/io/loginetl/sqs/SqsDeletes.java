package io.loginetl.sqs;

import io.loginetl.message.Delivery;
import io.loginetl.message.SourceQueue;
import io.loginetl.observability.FailureEpisode;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deletes source messages once they are settled (their rows committed, parked, or filtered), from the queue
 * each came from, ten per DeleteMessageBatch call (the SQS maximum): a committed batch's messages at once,
 * messages settled one by one (filtered, parked) gathered for up to {@value #GATHER_MILLIS} ms first.
 * <p>
 * A delete that fails never fails the exchange: the exchange is done, and failing it would only make
 * Camel log an error, since the consumer deletes nothing itself. Instead the delete is retried in the
 * background with exponential backoff (the {@code retry.*} settings), for as long as its receipt handle
 * can still work: until the queue's visibility timeout has passed, after which the message is back in the
 * queue and a later handle is needed. A run of failures is logged once when it starts and once when it
 * ends. A delete that is never made only means the message comes back, and the ledger (or the parking
 * record) makes that second delivery a no-op that is deleted in its turn.
 */
public class SqsDeletes extends ServiceSupport {

    private static final int SQS_BATCH_LIMIT = 10;
    /** How long a message settled on its own waits for others of its queue to share a DeleteMessageBatch call. */
    static final long GATHER_MILLIS = 100;
    /** Receipt handles waiting for a retry at most; beyond that they are dropped (the messages come back). */
    static final int MAX_PENDING_RETRIES = 20_000;
    private static final Logger LOG = LoggerFactory.getLogger(SqsDeletes.class);

    private final Executor deleters;
    private final ScheduledExecutorService retryTimer;
    private final Backoff backoff;
    private final FailureEpisode failing = new FailureEpisode();
    private final FailureEpisode givingUp = new FailureEpisode();
    private final AtomicInteger pendingRetries = new AtomicInteger();
    /** Messages settled one by one, per queue, waiting to share a call. */
    private final Map<SourceQueue, List<String>> gathering = new LinkedHashMap<>();

    /** How failed deletes are retried: the first after {@code initialDelayMillis}, doubling up to the maximum. */
    public record Backoff(long initialDelayMillis, long maxDelayMillis, int maxRetries) {

        long delayBefore(int retry) {
            return Math.min(maxDelayMillis, initialDelayMillis << Math.min(20, retry - 1));
        }
    }

    /** Receipt handles of one queue, deleted in one call; {@code expiresAt}: System.nanoTime() after which they are stale. */
    private record Chunk(SourceQueue queue, List<String> handles, long expiresAt) {
    }

    /**
     * @param deleters   runs the DeleteMessageBatch calls of a batch in parallel, and the retries
     * @param retryTimer schedules retries
     */
    public SqsDeletes(Executor deleters, ScheduledExecutorService retryTimer, Backoff backoff) {
        this.deleters = deleters;
        this.retryTimer = retryTimer;
        this.backoff = backoff;
    }

    /**
     * Deletes these messages, each from its own queue: a 500-row batch is 50 calls, run in parallel, and this
     * returns when each has been tried once.
     */
    public void delete(List<Delivery> deliveries) {
        Map<SourceQueue, List<String>> byQueue = new LinkedHashMap<>();
        for (Delivery delivery : deliveries) {
            byQueue.computeIfAbsent(delivery.queue(), q -> new ArrayList<>()).add(delivery.receiptHandle());
        }
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        byQueue.forEach((queue, handles) -> {
            for (int from = 0; from < handles.size(); from += SQS_BATCH_LIMIT) {
                Chunk chunk = chunk(queue, handles.subList(from, Math.min(handles.size(), from + SQS_BATCH_LIMIT)));
                calls.add(CompletableFuture.runAsync(() -> attempt(chunk, 0), deleters));
            }
        });
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    }

    /**
     * Deletes one message soon: it waits up to {@value #GATHER_MILLIS} ms for nine more of its queue, so that
     * messages settled one by one (filtered, parked) cost a tenth of a call each, as a batch's do.
     */
    public void deleteSoon(Delivery delivery) {
        List<String> full = null;
        boolean first;
        synchronized (gathering) {
            List<String> handles = gathering.computeIfAbsent(delivery.queue(), q -> new ArrayList<>());
            first = handles.isEmpty();
            handles.add(delivery.receiptHandle());
            if (handles.size() == SQS_BATCH_LIMIT) {
                full = List.copyOf(handles);
                handles.clear();
            }
        }
        if (full != null) {
            Chunk chunk = chunk(delivery.queue(), full);
            submit(() -> attempt(chunk, 0), chunk);
        } else if (first) {
            try {
                retryTimer.schedule(() -> flush(delivery.queue()), GATHER_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                flush(delivery.queue());
            }
        }
    }

    /** Deletes what waits for this queue now. */
    private void flush(SourceQueue queue) {
        List<String> handles;
        synchronized (gathering) {
            List<String> waiting = gathering.get(queue);
            if (waiting == null || waiting.isEmpty()) {
                return;
            }
            handles = List.copyOf(waiting);
            waiting.clear();
        }
        attempt(chunk(queue, handles), 0);
    }

    /** On stop, nothing settled is left waiting: a message deleted late is a message received twice. */
    @Override
    protected void doStop() {
        List<SourceQueue> queues;
        synchronized (gathering) {
            queues = List.copyOf(gathering.keySet());
        }
        queues.forEach(this::flush);
    }

    private void submit(Runnable attempt, Chunk chunk) {
        try {
            deleters.execute(attempt);
        } catch (RejectedExecutionException stopping) {
            attempt(chunk, 0);
        }
    }

    private static Chunk chunk(SourceQueue queue, List<String> handles) {
        Integer visibility = queue.visibilityTimeoutSeconds();
        return new Chunk(queue, handles, visibility == null || visibility <= 0 ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.SECONDS.toNanos(visibility));
    }

    private void attempt(Chunk chunk, int retry) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(chunk.handles().size());
        for (String handle : chunk.handles()) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(entries.size())).receiptHandle(handle).build());
        }
        List<String> again = new ArrayList<>();
        String why = null;
        try {
            SourceQueue queue = chunk.queue();
            DeleteMessageBatchResponse response = queue.client().deleteMessageBatch(b -> b.queueUrl(queue.url()).entries(entries));
            for (BatchResultErrorEntry failed : response.hasFailed() ? response.failed() : List.<BatchResultErrorEntry>of()) {
                if (Boolean.TRUE.equals(failed.senderFault())) {
                    // ReceiptHandleIsInvalid: the handle went stale (the message was received again since). Retrying
                    // cannot help and nothing is lost: that later delivery is skipped and deleted in its turn.
                    LOG.debug("SQS refused a delete from {}: {}", queue, failed.code());
                } else {
                    again.add(chunk.handles().get(Integer.parseInt(failed.id())));
                    why = failed.code();
                }
            }
        } catch (SdkException e) {
            again.addAll(chunk.handles());
            why = SqsFailures.describe(e);
        }
        if (again.isEmpty()) {
            if (failing.succeeded()) {
                LOG.info("Deletes from SQS queue {} succeed again", chunk.queue());
            }
            givingUp.succeeded();
            return;
        }
        retryLater(new Chunk(chunk.queue(), again, chunk.expiresAt()), retry + 1, why);
    }

    private void retryLater(Chunk chunk, int retry, String why) {
        if (failing.failed()) {
            LOG.warn("Deleting messages from SQS queue {} failed ({}): retrying with backoff while their receipt handles last;"
                    + " further failures are not logged until deletes succeed again", chunk.queue(), why);
        }
        long delay = backoff.delayBefore(retry);
        if (retry > backoff.maxRetries() || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay) > chunk.expiresAt()) {
            giveUp(chunk);
            return;
        }
        int size = chunk.handles().size();
        if (pendingRetries.addAndGet(size) > MAX_PENDING_RETRIES) {
            pendingRetries.addAndGet(-size);
            giveUp(chunk);
            return;
        }
        try {
            retryTimer.schedule(() -> {
                pendingRetries.addAndGet(-size);
                try {
                    deleters.execute(() -> attempt(chunk, retry));
                } catch (RejectedExecutionException stopping) {
                    giveUp(chunk);
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            pendingRetries.addAndGet(-size);
            giveUp(chunk);
        }
    }

    private void giveUp(Chunk chunk) {
        if (givingUp.failed()) {
            LOG.warn("Gave up deleting {} message(s) from SQS queue {}: they come back after their visibility timeout and"
                    + " are skipped (already loaded or parked) and deleted then; further ones are not logged",
                    chunk.handles().size(), chunk.queue());
        }
    }

    /** Deletes waiting for a retry now. */
    public int pendingRetries() {
        return pendingRetries.get();
    }
}

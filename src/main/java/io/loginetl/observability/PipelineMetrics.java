package io.loginetl.observability;

import io.loginetl.message.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pipeline's own counters, published on /observe/metrics next to Camel's route metrics.
 * Labels are fixed vocabularies (reason codes, SQS operation names): never a value from a message.
 */
public class PipelineMetrics {

    /** The SQS operations the pipeline makes: published from the start, at 0, so no series appears late. */
    static final java.util.List<String> SQS_OPERATIONS = java.util.List.of("ReceiveMessage", "DeleteMessageBatch",
            "DeleteMessage", "SendMessage", "GetQueueUrl", "CreateQueue", "GetQueueAttributes");

    private final MeterRegistry registry;
    private final SqsRequestCounter sqs;
    private final Counter inserted;
    private final Counter duplicates;
    private final Counter parkedBefore;
    private final Counter claimsRejected;
    private final Counter filtered;
    private final DistributionSummary batchSize;
    private final Map<Reason, Counter> rejectedByReason = new EnumMap<>(Reason.class);
    private final LongAdder insertedTotal = new LongAdder();
    private final LongAdder duplicatesTotal = new LongAdder();
    private final LongAdder rejectedTotal = new LongAdder();
    private final LongAdder filteredTotal = new LongAdder();
    private final java.util.Set<String> boundOperations = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** When a batch last committed or a message was last parked: the pipeline's progress, for liveness. */
    private volatile long lastProgressNanos = System.nanoTime();

    public PipelineMetrics(MeterRegistry registry, SqsRequestCounter sqs) {
        this.registry = registry;
        this.sqs = sqs;
        FunctionCounter.builder("loginetl.messages.received", sqs, SqsRequestCounter::messagesReceived)
                .description("Messages returned by SQS receives (redeliveries included)").register(registry);
        this.inserted = Counter.builder("loginetl.rows.inserted").description("Rows committed to user_logins").register(registry);
        this.duplicates = Counter.builder("loginetl.duplicates.skipped")
                .description("Redelivered messages whose row was already committed (skipped by the ledger)").register(registry);
        this.parkedBefore = Counter.builder("loginetl.messages.parked.before")
                .description("Redelivered messages that had been parked already: deleted, not parked again").register(registry);
        this.claimsRejected = Counter.builder("loginetl.redrive.claims.rejected")
                .description("Messages whose source-message-id had no valid seal: loaded or parked under their own id")
                .register(registry);
        this.filtered = Counter.builder("loginetl.messages.filtered")
                .description("Messages the route ended on purpose without a row (a filter, a stop, forwarded elsewhere): deleted")
                .register(registry);
        this.batchSize = DistributionSummary.builder("loginetl.batch.size").description("Rows per committed batch")
                .publishPercentiles(0.5, 0.99).register(registry);
        for (Reason rejection : Reason.values()) {
            rejectedByReason.put(rejection, Counter.builder("loginetl.messages.rejected").tag("reason", rejection.code())
                    .description("Messages parked in the dead-letter queue, by reason").register(registry));
        }
        SQS_OPERATIONS.forEach(operation -> sqs.requests().computeIfAbsent(operation, k -> new LongAdder()));
        bindSqsRequests();
    }

    /** Registers the SQS request counters, one series per API operation, as operations appear. */
    public void bindSqsRequests() {
        sqs.requests().forEach((operation, count) -> {
            if (boundOperations.add(operation)) {
                FunctionCounter.builder("loginetl.sqs.requests", count, LongAdder::sum)
                        .tag("operation", operation).description("SQS API requests").register(registry);
            }
        });
    }

    /** After a batch commits: its rows, and how many of them it really inserted (the ledger skips the others). */
    public void batchStored(int rows, int insertedRows) {
        stored(rows, insertedRows);
    }

    private void stored(int rows, int insertedRows) {
        bindSqsRequests();
        lastProgressNanos = System.nanoTime();
        batchSize.record(rows);
        inserted.increment(insertedRows);
        insertedTotal.add(insertedRows);
        duplicates.increment(rows - insertedRows);
        duplicatesTotal.add(rows - insertedRows);
    }

    /** A message the route ended without a row (filtered, stopped, forwarded): deleted, and progress. */
    public void filtered() {
        lastProgressNanos = System.nanoTime();
        filtered.increment();
        filteredTotal.increment();
    }

    public void parkedBefore() {
        parkedBefore.increment();
    }

    public void claimRejected() {
        claimsRejected.increment();
    }

    public void rejected(Reason rejection) {
        bindSqsRequests();
        lastProgressNanos = System.nanoTime();
        rejectedByReason.get(rejection).increment();
        rejectedTotal.increment();
    }

    /** Nanoseconds since a batch last committed or a message was last parked (since start-up, if none yet). */
    public long nanosSinceProgress() {
        return System.nanoTime() - lastProgressNanos;
    }

    /** The registry the meters are in (Camel's route timers join it). */
    public MeterRegistry registry() {
        return registry;
    }

    public Snapshot snapshot() {
        return new Snapshot(sqs.messagesReceived(), insertedTotal.sum(), duplicatesTotal.sum(), rejectedTotal.sum(),
                filteredTotal.sum(), sqs.total());
    }

    public record Snapshot(long received, long inserted, long duplicates, long rejected, long filtered, long sqsRequests) {

        /** Messages settled: loaded, skipped as loaded before, parked or filtered. */
        public long settled() {
            return inserted + duplicates + rejected + filtered;
        }
    }
}

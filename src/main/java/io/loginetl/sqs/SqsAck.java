package io.loginetl.sqs;

import org.apache.camel.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Deletes source messages once their rows are committed, ten per DeleteMessageBatch call (the SQS
 * maximum). A delete that fails only means a redelivery, which the ledger absorbs.
 */
public class SqsAck {

    public static final String MESSAGE_ID = "message_id";
    public static final String RECEIPT_HANDLE = "receipt_handle";
    private static final int SQS_BATCH_LIMIT = 10;
    private static final Logger LOG = LoggerFactory.getLogger(SqsAck.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Executor deleters;

    /** Deletes run on the caller's thread, one call after another. */
    public SqsAck(SqsClient sqs, String queueUrl) {
        this(sqs, queueUrl, Runnable::run);
    }

    /** Deletes of one batch run in parallel on {@code deleters}. */
    public SqsAck(SqsClient sqs, String queueUrl, Executor deleters) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.deleters = deleters;
    }

    /**
     * Deletes the messages behind a committed batch of rows: a 500-row batch is 50 calls, run in
     * parallel, and this returns when all are done.
     */
    @Handler
    public void deleteBatch(List<Map<String, Object>> rows) {
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += SQS_BATCH_LIMIT) {
            List<Map<String, Object>> chunk = rows.subList(from, Math.min(rows.size(), from + SQS_BATCH_LIMIT));
            calls.add(CompletableFuture.runAsync(() -> deleteChunk(chunk), deleters));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    }

    private void deleteChunk(List<Map<String, Object>> chunk) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(SQS_BATCH_LIMIT);
        for (Map<String, Object> row : chunk) {
            entries.add(DeleteMessageBatchRequestEntry.builder()
                    .id(Integer.toString(entries.size()))
                    .receiptHandle((String) row.get(RECEIPT_HANDLE))
                    .build());
        }
        DeleteMessageBatchResponse response = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        if (response.hasFailed() && !response.failed().isEmpty()) {
            LOG.warn("{} of {} deletes failed (first: {}); those messages will be redelivered and skipped by the ledger",
                    response.failed().size(), entries.size(), response.failed().get(0).code());
        }
    }

    /** Deletes one message by its receipt handle. */
    public void delete(String receiptHandle) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle));
    }
}

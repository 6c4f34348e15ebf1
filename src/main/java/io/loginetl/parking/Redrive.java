package io.loginetl.parking;

import io.loginetl.message.Origin;
import io.loginetl.sqs.QueueUrls;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves every message in the dead-letter queue back to the source queue, ten at a time: sent first,
 * deleted from the DLQ after, so a crash in between duplicates (harmlessly) rather than loses. The body
 * and the sealed origin (source-message-id, source-sent-timestamp, source-seal) travel unchanged, so the
 * redriven message is loaded under its original id and dated by its original SentTimestamp. Redrive
 * needs no key: the seal was made when the message was parked, and only verifies for that body.
 */
public final class Redrive {

    private Redrive() {
    }

    /** Moves every message of the queue named {@code dlq} back to {@code queue}, both at {@code endpoint} ("" for AWS). */
    public static int run(SqsClient sqs, String endpoint, String queue, String dlq) {
        String source = QueueUrls.existing(sqs, queue, endpoint, "SQS_QUEUE (sqs.queue) and SQS_ENDPOINT (sqs.endpoint)");
        String deadLetters = QueueUrls.existing(sqs, dlq, endpoint, "SQS_DLQ (sqs.dlq) and SQS_ENDPOINT (sqs.endpoint)");
        return move(sqs, deadLetters, source);
    }

    public static int move(SqsClient sqs, String fromUrl, String toUrl) {
        int moved = 0;
        while (true) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(fromUrl).maxNumberOfMessages(10)
                    .messageAttributeNames(Origin.ATTRIBUTES).waitTimeSeconds(1).visibilityTimeout(60)).messages();
            if (messages.isEmpty()) {
                return moved;
            }
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (Message message : messages) {
                Map<String, MessageAttributeValue> origin = new HashMap<>();
                for (String name : Origin.ATTRIBUTES) {
                    MessageAttributeValue value = message.messageAttributes().get(name);
                    if (value != null) {
                        origin.put(name, value);
                    }
                }
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(entries.size())).messageBody(message.body()).messageAttributes(origin).build());
            }
            var sent = sqs.sendMessageBatch(b -> b.queueUrl(toUrl).entries(entries));
            if (sent.hasFailed() && !sent.failed().isEmpty()) {
                throw new IllegalStateException("SQS refused " + sent.failed().size() + " redriven message(s); nothing deleted");
            }
            List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
            for (Message message : messages) {
                deletes.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(deletes.size()))
                        .receiptHandle(message.receiptHandle()).build());
            }
            var deleted = sqs.deleteMessageBatch(b -> b.queueUrl(fromUrl).entries(deletes));
            if (deleted.hasFailed() && !deleted.failed().isEmpty()) {
                // Sent but still in the DLQ: a later redrive moves them again, and the ledger loads them once.
                System.err.println("redrive: " + deleted.failed().size() + " message(s) were moved but could not be"
                        + " deleted from the dead-letter queue (" + deleted.failed().get(0).code() + ")");
            }
            moved += messages.size();
        }
    }
}

package io.loginetl.parking;

import io.loginetl.config.Settings;
import io.loginetl.sqs.SqsAck;
import io.loginetl.sqs.SqsClients;
import io.loginetl.sqs.SqsQueues;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * Moves every message in the dead-letter queue back to the source queue, ten at a time: sent first,
 * deleted from the DLQ after, so a crash in between duplicates (harmlessly) rather than loses.
 */
public final class Redrive {

    private Redrive() {
    }

    public static int run(Settings settings) {
        String endpoint = settings.get("sqs.endpoint", "");
        try (SqsClient sqs = SqsClients.create(endpoint, settings.get("sqs.region", "us-east-1"), 4)) {
            String source = SqsQueues.existing(sqs, settings.get("sqs.queue", "login-queue"), endpoint);
            String dlq = SqsQueues.existing(sqs, settings.get("sqs.dlq", "login-queue-dlq"), endpoint);
            return move(sqs, dlq, source);
        }
    }

    public static int move(SqsClient sqs, String fromUrl, String toUrl) {
        int moved = 0;
        while (true) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(fromUrl).maxNumberOfMessages(10)
                    .messageAttributeNames(DeadLetterQueue.SOURCE_MESSAGE_ID).waitTimeSeconds(1).visibilityTimeout(60)).messages();
            if (messages.isEmpty()) {
                return moved;
            }
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (Message message : messages) {
                // The original message id travels along: the ledger knows the message by it.
                var original = message.messageAttributes().get(DeadLetterQueue.SOURCE_MESSAGE_ID);
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(entries.size())).messageBody(message.body())
                        .messageAttributes(original == null ? java.util.Map.of() : java.util.Map.of(DeadLetterQueue.SOURCE_MESSAGE_ID, original))
                        .build());
            }
            var sent = sqs.sendMessageBatch(b -> b.queueUrl(toUrl).entries(entries));
            if (sent.hasFailed() && !sent.failed().isEmpty()) {
                throw new IllegalStateException("SQS refused " + sent.failed().size() + " redriven message(s); nothing deleted");
            }
            new SqsAck(sqs, fromUrl).deleteBatch(messages.stream()
                    .map(m -> java.util.Map.<String, Object>of(SqsAck.RECEIPT_HANDLE, m.receiptHandle()))
                    .toList());
            moved += messages.size();
        }
    }
}

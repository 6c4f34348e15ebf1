package io.loginetl.support;

import io.loginetl.sqs.SqsClients;
import io.loginetl.tools.EmbeddedSqs;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A uniquely named source queue and DLQ on an SQS endpoint, with the helpers tests need. */
public final class TestQueues implements AutoCloseable {

    public final SqsClient sqs;
    public final String queue;
    public final String dlq;
    public final String queueUrl;

    public TestQueues(String endpoint) {
        this.sqs = SqsClients.create(endpoint, "us-east-1", 16);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        this.queue = "login-queue-" + suffix;
        this.dlq = "login-queue-dlq-" + suffix;
        this.queueUrl = sqs.createQueue(b -> b.queueName(queue)).queueUrl();
    }

    /** The real 100-message sample from the take-home queue (one malformed). */
    public static List<String> sample() {
        try (InputStream in = TestQueues.class.getResourceAsStream("/sample_messages.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void send(List<String> bodies) throws Exception {
        Iterator<String> it = bodies.iterator();
        EmbeddedSqs.fill(sqs, queueUrl, bodies.size(), it::next);
    }

    /** Visible plus in-flight messages; 0 for a queue that does not exist (yet). */
    public int depth(String name) {
        String url;
        try {
            url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        } catch (software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException e) {
            return 0;
        }
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** Messages received by someone and neither deleted nor back in the queue yet. */
    public int inFlight(String name) {
        String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** Takes every message off the DLQ, with its attributes. */
    public List<Message> drainDlq() {
        String url = sqs.getQueueUrl(b -> b.queueName(dlq)).queueUrl();
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .messageAttributeNames("All").waitTimeSeconds(1)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            List<software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (Message m : batch) {
                entries.add(software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(entries.size())).receiptHandle(m.receiptHandle()).build());
            }
            sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries));
        }
    }

    public static String attribute(Message message, String name) {
        var value = message.messageAttributes().get(name);
        return value == null ? null : value.stringValue();
    }

    @Override
    public void close() {
        sqs.close();
    }
}

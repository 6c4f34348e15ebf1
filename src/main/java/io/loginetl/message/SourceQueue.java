package io.loginetl.message;

import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A queue a route reads, as its aws2-sqs consumer sees it: the name in the route's {@code from}, the URL
 * that name resolves to, the client the consumer receives with, and the visibility timeout it receives
 * with (null when the route leaves it to the queue). Rows carry it, so that a message is deleted from (and
 * parked for) the queue it came from, whatever the settings say.
 */
public record SourceQueue(String name, String url, SqsClient client, Integer visibilityTimeoutSeconds) {

    /** The endpoint the queue's client talks to, as configured ("" for real AWS), for messages. */
    public String endpoint() {
        return client.serviceClientConfiguration().endpointOverride().map(Object::toString).orElse("");
    }

    @Override
    public String toString() {
        return name;
    }
}

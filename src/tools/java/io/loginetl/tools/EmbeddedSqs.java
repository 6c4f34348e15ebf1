package io.loginetl.tools;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/** ElasticMQ in this JVM: a real SQS HTTP endpoint for the demo, the benchmark and the tests. */
public final class EmbeddedSqs implements AutoCloseable {

    private final SQSRestServer server;
    private final String endpoint;

    private EmbeddedSqs(SQSRestServer server, String endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** Starts on a free port of 127.0.0.1. */
    public static EmbeddedSqs start() {
        return start(0);
    }

    /** Starts on that port of 127.0.0.1, or on a free one for 0; fails when the port cannot be bound. */
    public static EmbeddedSqs start(int port) {
        TheSQSRestServerBuilder builder = SQSRestServerBuilder.withInterface("127.0.0.1");
        SQSRestServer server = (port == 0 ? builder.withDynamicPort() : builder.withPort(port)).start();
        try {
            int bound = server.waitUntilStarted().localAddress().getPort();
            return new EmbeddedSqs(server, "http://127.0.0.1:" + bound);
        } catch (RuntimeException e) {
            server.stopAndWait(); // its actor system would otherwise keep the JVM alive
            throw e;
        }
    }

    public String endpoint() {
        return endpoint;
    }

    /** Sends {@code count} bodies with SendMessageBatch from a few threads; returns how many were sent. */
    public static int fill(SqsClient sqs, String queueUrl, int count, Supplier<String> bodies) throws Exception {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < count; i += 10) {
            List<String> chunk = new ArrayList<>(10);
            for (int j = i; j < Math.min(count, i + 10); j++) {
                chunk.add(bodies.get());
            }
            chunks.add(chunk);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (List<String> chunk : chunks) {
                sends.add(pool.submit(() -> {
                    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                    for (String body : chunk) {
                        entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(entries.size())).messageBody(body).build());
                    }
                    sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
                }));
            }
            for (Future<?> send : sends) {
                send.get();
            }
        } finally {
            pool.shutdown();
        }
        return count;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}

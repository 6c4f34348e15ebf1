package io.loginetl.tools;

import io.loginetl.observability.SqsRequestCounter;
import io.loginetl.sqs.SqsClients;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw SQS client the benchmark compares login-etl with, run as a child JVM of its own so that its CPU
 * is accounted exactly like login-etl's: each thread receives 10 and deletes them with one
 * DeleteMessageBatch, no processing, until N messages are gone. Uses the application's own SqsClient
 * factory (same HTTP client, same connection pool size). Stays alive after the drain until its stdin
 * closes, so the benchmark can read its CPU time before it exits.
 *
 * <p>Arguments: endpoint queue-url threads messages
 */
public final class RawDrain {

    private RawDrain() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        String url = args[1];
        int threads = Integer.parseInt(args[2]);
        long expected = Long.parseLong(args[3]);
        SqsRequestCounter counter = new SqsRequestCounter();
        try (SqsClient sqs = SqsClients.create(endpoint, "us-east-1", 50, counter)) {
            System.out.println("raw: started");
            long start = System.nanoTime();
            AtomicLong done = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> drain(sqs, url, expected, done)));
            }
            for (Future<?> w : workers) {
                w.get();
            }
            pool.shutdown();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "raw summary: received=%d sqs_requests=%d elapsed_s=%.1f%n",
                    done.get(), counter.total(), seconds);
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        System.exit(0);
    }

    private static void drain(SqsClient sqs, String url, long expected, AtomicLong done) {
        while (done.get() < expected) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                continue;
            }
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
            for (Message m : messages) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(entries.size()))
                        .receiptHandle(m.receiptHandle()).build());
            }
            sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries));
            done.addAndGet(messages.size());
        }
    }
}

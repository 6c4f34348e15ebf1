package io.loginetl.tools;

import io.loginetl.sqs.SqsClients;
import io.loginetl.support.AppProcess;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local SQS without Docker: {@code sqs-server} run from the tools jar as users run it, read by a real SQS client. */
class SqsServerIT {

    private static final Path SAMPLE = Path.of("src", "test", "resources", "sample_messages.jsonl");

    @Test
    void servesItsQueuesWithTheFileLoadedUntilSigterm() throws Exception {
        int port = TestSettings.freePort();
        try (ChildProcess server = sqsServer("--port", Integer.toString(port), "--queue", "logins", "--queue", "logins-dlq",
                "--load", SAMPLE.toString())) {
            String ready = server.awaitLine(SqsServer.READY, 120).orElseThrow(() -> new AssertionError("never ready:\n" + server.output()));
            String endpoint = "http://127.0.0.1:" + port;
            assertEquals("sqs-server: " + endpoint + " holds 100 messages in logins, 0 in logins-dlq; Ctrl-C stops it", ready);
            try (SqsClient sqs = SqsClients.create(endpoint, "us-east-1", 4)) {
                String queue = sqs.getQueueUrl(b -> b.queueName("logins")).queueUrl();
                assertEquals(100, visible(sqs, queue));
                assertEquals(0, visible(sqs, sqs.getQueueUrl(b -> b.queueName("logins-dlq")).queueUrl()), "the DLQ, created empty");
                assertEquals(TestQueues.sample().stream().sorted().toList(), receiveAll(sqs, queue).stream().sorted().toList(),
                        "each line of the file, one message each");
            }
            server.terminate();
            assertTrue(server.waitFor(30), "stops on SIGTERM:\n" + server.output());
            assertEquals(0, server.exitValue(), server.output());
            assertEquals(List.of(ready), server.output().lines().toList(), "one line, and no more");
        }
    }

    @Test
    void aPortInUseIsRefusedInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertRefused("sqs-server: port " + port + " of 127.0.0.1 is in use", "--port", Integer.toString(port));
        }
    }

    @Test
    void aMissingFileOrAMistypedOptionIsRefusedInOneLine() throws Exception {
        assertRefused("sqs-server: --load: no file ", "--load", "no-such-file.jsonl");
        assertRefused("sqs-server: unknown option --queues", "--queues", "logins");
    }

    private static void assertRefused(String expected, String... args) throws Exception {
        try (ChildProcess server = sqsServer(args)) {
            assertTrue(server.waitFor(60), "refused at once:\n" + server.output());
            assertEquals(2, server.exitValue(), server.output());
            List<String> lines = server.output().lines().toList();
            assertEquals(1, lines.size(), "one line, no stack trace:\n" + server.output());
            assertTrue(lines.get(0).startsWith(expected), lines.get(0));
        }
    }

    private static ChildProcess sqsServer(String... args) throws Exception {
        List<String> command = AppProcess.java("-jar", AppProcess.TOOLS_JAR.toAbsolutePath().toString(), "sqs-server");
        command.addAll(List.of(args));
        return ChildProcess.start("sqs-server", new ProcessBuilder(command));
    }

    private static int visible(SqsClient sqs, String url) {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static List<String> receiveAll(SqsClient sqs, String url) {
        List<String> bodies = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            if (batch.isEmpty()) {
                return bodies;
            }
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (Message m : batch) {
                bodies.add(m.body());
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(entries.size())).receiptHandle(m.receiptHandle()).build());
            }
            sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries));
        }
    }
}

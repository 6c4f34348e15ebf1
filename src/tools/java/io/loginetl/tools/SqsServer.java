package io.loginetl.tools;

import io.loginetl.sqs.SqsClients;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code sqs-server}: a local SQS without Docker. ElasticMQ on 127.0.0.1, its queues created and the first one
 * filled from a file, one line printed with the endpoint and what it holds, then it serves until Ctrl-C or
 * SIGTERM (or, with --until-stdin-closes, until its standard input closes: how the benchmark runs its server
 * in a JVM of its own, so that the server's CPU is measured apart). A refusal is one line and exit code 2.
 */
final class SqsServer {

    /** The start of the line printed once it serves; the endpoint follows it. */
    static final String READY = "sqs-server: ";

    private SqsServer() {
    }

    static int run(String[] args) throws Exception {
        SqsServerOptions options;
        List<String> bodies;
        try {
            options = SqsServerOptions.parse(args);
            if (options == null) {
                System.out.print(SqsServerOptions.USAGE);
                return 0;
            }
            bodies = options.load() == null ? List.of() : bodies(options);
            refuseBusyPort(options.port());
        } catch (IllegalArgumentException e) {
            System.err.println("sqs-server: " + e.getMessage());
            return 2;
        }
        CountDownLatch stop = new CountDownLatch(1);
        stopOn("INT", stop);
        stopOn("TERM", stop);
        if (options.untilStdinCloses()) {
            Thread input = new Thread(() -> {
                try {
                    System.in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // closed all the same
                }
                stop.countDown();
            }, "sqs-server-stdin");
            input.setDaemon(true);
            input.start();
        }
        try (EmbeddedSqs server = EmbeddedSqs.start(options.port());
             SqsClient sqs = SqsClients.create(server.endpoint(), "us-east-1", 16)) {
            for (String queue : options.queues()) {
                sqs.createQueue(b -> b.queueName(queue));
            }
            String first = options.queues().get(0);
            Iterator<String> next = bodies.iterator();
            EmbeddedSqs.fill(sqs, sqs.getQueueUrl(b -> b.queueName(first)).queueUrl(), bodies.size(), next::next);
            StringBuilder holds = new StringBuilder(bodies.size() + " messages in " + first);
            options.queues().stream().skip(1).forEach(q -> holds.append(", 0 in ").append(q));
            System.out.println(READY + server.endpoint() + " holds " + holds + "; "
                    + (options.untilStdinCloses() ? "stops when its input closes or on Ctrl-C" : "Ctrl-C stops it"));
            System.out.flush();
            stop.await();
        }
        return 0;
    }

    /** The endpoint in the line printed once it serves. */
    static String endpointIn(String readyLine) {
        return readyLine.substring(READY.length()).split(" ", 2)[0];
    }

    private static List<String> bodies(SqsServerOptions options) {
        try {
            return Files.readAllLines(options.load(), StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).toList();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--load: no file " + options.load().toAbsolutePath());
        } catch (IOException e) {
            throw new IllegalArgumentException("--load: cannot read " + options.load().toAbsolutePath() + ": " + e);
        }
    }

    /** Checked before ElasticMQ starts: its own failure to bind comes as a stack of Pekko errors. */
    private static void refuseBusyPort(int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            // free: closed again at once for ElasticMQ to take
        } catch (IOException e) {
            throw new IllegalArgumentException("port " + port + " of 127.0.0.1 is in use: choose another --port, or none for a free one");
        }
    }

    /** Ctrl-C and SIGTERM stop the server and let the command exit 0, not 130 or 143. */
    private static void stopOn(String signal, CountDownLatch stop) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stop.countDown());
        } catch (IllegalArgumentException unsupported) {
            // not on this platform: the JVM's default handling still stops the process
        }
    }
}

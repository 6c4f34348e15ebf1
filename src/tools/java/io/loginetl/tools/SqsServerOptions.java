package io.loginetl.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The sqs-server command line, parsed without side effects so that a typo is refused before anything starts. */
record SqsServerOptions(int port, List<String> queues, Path load, boolean untilStdinCloses) {

    /** What {@code sqs-server --help} prints. */
    static final String USAGE = """
            usage: java -jar target/login-etl-tools.jar sqs-server [options]
            Runs an SQS-compatible server (ElasticMQ) on 127.0.0.1 until Ctrl-C, with its queues created and filled:
            a local SQS without Docker (SQS_ENDPOINT=the printed address).
              --port N              the port (a free one when not given)
              --queue NAME[,NAME]   a queue to create; repeat it or list several, e.g. the DLQ too (login-queue)
              --load FILE           send each non-blank line of FILE, as one message, to the first queue
              --until-stdin-closes  stop when its standard input closes too (for a parent process)
            """;

    /** The pipeline's default sqs.queue. */
    static final String DEFAULT_QUEUE = "login-queue";

    // SQS's rule for a standard queue's name
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    /**
     * @return the options, or null when help was asked for
     * @throws IllegalArgumentException naming the option that is unknown, lacks a value or has a bad one
     */
    static SqsServerOptions parse(String[] args) {
        int port = 0;
        List<String> queues = new ArrayList<>();
        Path load = null;
        boolean untilStdinCloses = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            switch (name) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--until-stdin-closes" -> untilStdinCloses = true;
                case "--port" -> port = port(value(args, ++i, name));
                case "--queue" -> {
                    for (String queue : value(args, ++i, name).split(",", -1)) {
                        if (!QUEUE_NAME.matcher(queue).matches()) {
                            throw new IllegalArgumentException("--queue: \"" + queue + "\" is not a queue name"
                                    + " (1 to 80 letters, digits, - or _; several are separated by commas)");
                        }
                        if (!queues.contains(queue)) {
                            queues.add(queue);
                        }
                    }
                }
                case "--load" -> load = Path.of(value(args, ++i, name));
                default -> throw new IllegalArgumentException("unknown option " + name
                        + "; known: --port N, --queue NAME[,NAME], --load FILE, --until-stdin-closes, --help");
            }
        }
        return new SqsServerOptions(port, queues.isEmpty() ? List.of(DEFAULT_QUEUE) : List.copyOf(queues), load, untilStdinCloses);
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("--port must be a port number from 1 to 65535, not " + value);
    }
}

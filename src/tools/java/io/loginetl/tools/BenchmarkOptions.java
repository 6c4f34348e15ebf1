package io.loginetl.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The benchmark's command line, parsed without side effects so that a typo fails before minutes of setup. */
record BenchmarkOptions(int messages, int receivers, List<Integer> rawThreads, int warmUps, List<Integer> instances,
        String heap, double repeatShare, double badShare, String dbHost, String dbUser, String dbPassword, Path jar,
        boolean skipRaw, int sqsLatencyMs, Path jfr, String jfrSettings, List<String> jvmOptions, int clientWarmUp) {

    /** What {@code benchmark --help} prints. */
    static final String USAGE = """
            usage: java -jar target/login-etl-tools.jar benchmark [options]
            Drains N generated messages from an embedded SQS server with a raw client (receive 10, DeleteMessageBatch)
            and with login-etl (the production jar, into Postgres), and prints throughput and CPU per message side by side.
              --messages N          messages per run (100000)
              --receivers R         login-etl's sqs.receivers (4)
              --raw-threads 8,16    raw client threads; a list is a sweep, the best run counts (8,16; R behind a latency)
              --warm-ups N          raw passes that warm the server before the measured runs (2)
              --no-warm-up          the same as --warm-ups 0
              --client-warm-up N    each client JVM first drains N more messages, outside the window (0: measured cold)
              --sqs-latency-ms N    both clients reach the server through a proxy adding N ms per request (0)
              --instances 1,2,3     login-etl instances per run (1)
              --heap 256m           -Xmx of both clients (256m)
              --jvm-options "..."   more JVM options for both clients, e.g. "-XX:TieredStopAtLevel=1"
              --bad-share F         share of bad messages (0.001)
              --skip-raw            only the login-etl run
              --jfr FILE            record login-etl with Java Flight Recorder into FILE
              --jfr-settings S      JFR settings: default, profile or a .jfc file (profile)
              --jar PATH            the jar to measure (login-etl.jar beside the tools jar)
              --db-host H:P         where Postgres is (localhost:5432)
            """;

    private static final Set<String> FLAGS = Set.of("--skip-raw", "--no-warm-up");
    private static final Set<String> VALUED = Set.of("--messages", "--receivers", "--raw-threads", "--instances", "--heap",
            "--bad-share", "--warm-ups", "--db-host", "--jar", "--sqs-latency-ms", "--jfr", "--jfr-settings", "--jvm-options", "--client-warm-up");

    /**
     * @param defaultJar the production jar measured when {@code --jar} is not given
     * @return the options, or null when help was asked for
     * @throws IllegalArgumentException naming the option that is unknown, lacks a value or has a bad one
     */
    static BenchmarkOptions parse(String[] args, Path defaultJar) {
        int messages = 100_000;
        int receivers = 4;
        List<Integer> rawThreads = null;
        // ElasticMQ's CPU per message still falls markedly between its first and second pass
        int warmUps = 2;
        List<Integer> instances = List.of(1);
        String heap = "256m";
        double badShare = 0.001;
        String dbHost = "localhost:5432";
        Path jar = defaultJar;
        boolean skipRaw = false;
        int latency = 0;
        Path jfr = null;
        String jfrSettings = "profile";
        List<String> jvmOptions = List.of();
        int clientWarmUp = 0;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                return null;
            }
            if (FLAGS.contains(name)) {
                skipRaw |= name.equals("--skip-raw");
                warmUps = name.equals("--no-warm-up") ? 0 : warmUps;
                continue;
            }
            if (!VALUED.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name + "; known: " + String.join(" ", VALUED) + " "
                        + String.join(" ", FLAGS));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--messages" -> messages = positive(name, value);
                case "--receivers" -> receivers = positive(name, value);
                case "--raw-threads" -> rawThreads = positives(name, value);
                case "--instances" -> instances = positives(name, value);
                case "--heap" -> heap = value;
                case "--warm-ups" -> warmUps = nonNegative(name, value);
                case "--bad-share" -> badShare = share(name, value);
                case "--db-host" -> dbHost = value;
                case "--jar" -> jar = Path.of(value);
                case "--sqs-latency-ms" -> latency = nonNegative(name, value);
                case "--jfr" -> jfr = Path.of(value);
                case "--jfr-settings" -> jfrSettings = value;
                case "--jvm-options" -> jvmOptions = List.of(value.strip().split("\\s+"));
                case "--client-warm-up" -> clientWarmUp = nonNegative(name, value);
                default -> throw new IllegalStateException(name);
            }
        }
        if (rawThreads == null) {
            // Behind a latency the limit is round trips, so the raw client gets exactly the app's receivers.
            // Without one, 4 threads leave the server idle between round trips, and 16 beat 8 on a loaded box.
            rawThreads = latency > 0 ? List.of(receivers) : List.of(8, 16);
        }
        return new BenchmarkOptions(messages, receivers, rawThreads, warmUps, instances, heap, 0.1, badShare, dbHost,
                "postgres", "postgres", jar, skipRaw, latency, jfr, jfrSettings, jvmOptions, clientWarmUp);
    }

    private static int positive(String name, String value) {
        int n = nonNegative(name, value);
        if (n == 0) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
        return n;
    }

    private static int nonNegative(String name, String value) {
        try {
            int n = Integer.parseInt(value.strip().replace("_", "").replace(",", ""));
            if (n < 0) {
                throw new IllegalArgumentException(name + " must not be negative, was " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a whole number, was " + value);
        }
    }

    private static List<Integer> positives(String name, String value) {
        List<Integer> list = new ArrayList<>();
        for (String part : Arrays.asList(value.split(","))) {
            list.add(positive(name, part));
        }
        return List.copyOf(list);
    }

    private static double share(String name, String value) {
        try {
            double d = Double.parseDouble(value);
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " takes a share between 0 and 1, was " + value);
    }
}

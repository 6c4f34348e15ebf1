package io.loginetl.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The benchmark's command line, parsed without side effects so that a typo fails before minutes of setup. */
record BenchmarkOptions(int messages, int receivers, List<Integer> rawThreads, int warmUps, List<Integer> instances,
        String heap, double repeatShare, double badShare, String dbHost, String dbUser, String dbPassword, Path jar,
        boolean skipRaw, int sqsLatencyMs, Path jfr, String jfrSettings) {

    private static final Set<String> FLAGS = Set.of("--skip-raw", "--no-warm-up");
    private static final Set<String> VALUED = Set.of("--messages", "--receivers", "--raw-threads", "--instances", "--heap",
            "--bad-share", "--warm-ups", "--db-host", "--jar", "--sqs-latency-ms", "--jfr", "--jfr-settings");

    /**
     * @param defaultJar the production jar measured when {@code --jar} is not given
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
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
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
                default -> throw new IllegalStateException(name);
            }
        }
        if (rawThreads == null) {
            // Behind a latency the limit is round trips, so the raw client gets exactly the app's receivers.
            // Without one, 4 threads leave the server idle between round trips, and 16 beat 8 on a loaded box.
            rawThreads = latency > 0 ? List.of(receivers) : List.of(8, 16);
        }
        return new BenchmarkOptions(messages, receivers, rawThreads, warmUps, instances, heap, 0.1, badShare, dbHost,
                "postgres", "postgres", jar, skipRaw, latency, jfr, jfrSettings);
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

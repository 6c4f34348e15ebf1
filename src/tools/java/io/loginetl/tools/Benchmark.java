package io.loginetl.tools;

import io.loginetl.masking.MaskKeys;
import io.loginetl.masking.MaskMode;
import io.loginetl.sqs.SqsClients;
import io.loginetl.sqs.SqsRequestCounter;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw SQS limit versus login-etl, in one run on one machine. An embedded ElasticMQ holds N generated
 * messages; first a plain SDK loop (receive 10, DeleteMessageBatch, no processing) drains them, then
 * login-etl, started from the jar as separate processes, drains the same N into a fresh Postgres
 * database. Prints messages/second for both and their ratio, SQS requests per message and peak RSS.
 */
public final class Benchmark {

    private static final Pattern SUMMARY = Pattern.compile("summary: received=(\\d+) inserted=(\\d+) duplicates=(\\d+)"
            + " rejected=(\\d+) sqs_requests=(\\d+)");

    private Benchmark() {
    }

    public static int run(String[] args) throws Exception {
        Options o = Options.parse(args);
        System.out.printf(Locale.ROOT, "benchmark: %d messages (%.0f%% repeated devices, %.1f%% bad), %d receivers per instance, heap %s%n",
                o.messages, o.repeatShare * 100, o.badShare * 100, o.receivers, o.heap);
        List<String> bodies = generate(o);
        long good = bodies.stream().filter(b -> !LoginGenerator.isBad(b)).count();
        try (EmbeddedSqs server = EmbeddedSqs.start();
             SqsClient sqs = SqsClients.create(server.endpoint(), "us-east-1", 64)) {
            double raw = o.skipRaw ? Double.NaN : rawLimit(sqs, bodies, o.receivers);
            System.out.printf(Locale.ROOT, "raw SQS loop (%d threads, receive 10 + DeleteMessageBatch): %,.0f msg/s%n", o.receivers, raw);
            List<String[]> table = new ArrayList<>();
            for (int instances : o.instances) {
                Result r = loginEtl(server.endpoint(), sqs, bodies, good, instances, o);
                table.add(new String[] {Integer.toString(instances), fmt(r.rate), fmt(r.rate / raw), fmt2(r.requestsPerMessage),
                        r.peakRssMb + " MB", Long.toString(r.rows), Long.toString(r.dlq), Long.toString(r.duplicates)});
            }
            System.out.println();
            System.out.printf("%-9s %-12s %-8s %-13s %-16s %-9s %-6s %-10s%n",
                    "instances", "login-etl/s", "ratio", "sqs req/msg", "peak RSS (max)", "rows", "dlq", "duplicates");
            for (String[] row : table) {
                System.out.printf("%-9s %-12s %-8s %-13s %-16s %-9s %-6s %-10s%n", (Object[]) row);
            }
            System.out.printf(Locale.ROOT, "raw limit: %,.0f msg/s; expected rows: %d; machine: %d cores, %s%n",
                    raw, good, Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"));
        }
        return 0;
    }

    private static List<String> generate(Options o) {
        LoginGenerator generator = new LoginGenerator(42, o.repeatShare, o.badShare);
        List<String> bodies = new ArrayList<>(o.messages);
        for (int i = 0; i < o.messages; i++) {
            bodies.add(generator.next());
        }
        return bodies;
    }

    /** The plain loop: each thread receives 10 and deletes them with one DeleteMessageBatch until the queue is empty. */
    static double rawLimit(SqsClient sqs, List<String> bodies, int threads) throws Exception {
        String url = sqs.createQueue(b -> b.queueName("bench-raw")).queueUrl();
        var it = bodies.iterator();
        EmbeddedSqs.fill(sqs, url, bodies.size(), it::next);
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                while (done.get() < bodies.size()) {
                    List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                    if (messages.isEmpty()) {
                        continue;
                    }
                    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
                    for (Message m : messages) {
                        entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(entries.size()))
                                .receiptHandle(m.receiptHandle()).build());
                    }
                    sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries));
                    done.addAndGet(messages.size());
                }
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return bodies.size() / seconds;
    }

    private static Result loginEtl(String endpoint, SqsClient sqs, List<String> bodies, long good, int instances, Options o)
            throws Exception {
        // A database of its own, dropped afterwards: a fixed name would be dropped under another benchmark
        // running on the same Postgres (WITH (FORCE) ends its connections).
        String database = "login_etl_bench_" + ProcessHandle.current().pid() + "_" + instances;
        admin(o, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        admin(o, "CREATE DATABASE " + database);
        try {
            return loginEtl(endpoint, sqs, bodies, good, instances, o, database);
        } finally {
            admin(o, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static Result loginEtl(String endpoint, SqsClient sqs, List<String> bodies, long good, int instances, Options o,
            String database) throws Exception {
        String queue = "bench-app-" + instances;
        String url = sqs.createQueue(b -> b.queueName(queue)).queueUrl();
        var it = bodies.iterator();
        EmbeddedSqs.fill(sqs, url, bodies.size(), it::next);
        String dbUrl = "jdbc:postgresql://" + o.dbHost + "/" + database + "?reWriteBatchedInserts=true";

        String key = MaskKeys.generate(MaskMode.SIV);
        List<Process> processes = new ArrayList<>();
        List<StringBuilder> outputs = new ArrayList<>();
        List<long[]> rss = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            // A free management port each: fixed ones clash with each other's leftovers and with a running demo,
            // and an instance that cannot bind exits at start-up while the others carry on.
            ProcessBuilder pb = new ProcessBuilder(javaBin(), "-Xmx" + o.heap,
                    "-Dcamel.management.port=" + freePort(), "-jar", o.jar.toString())
                    .redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("SQS_ENDPOINT", endpoint);
            env.put("SQS_QUEUE", queue);
            env.put("SQS_DLQ", queue + "-dlq");
            env.put("SQS_RECEIVERS", Integer.toString(o.receivers));
            env.put("DB_URL", dbUrl);
            env.put("DB_USER", o.dbUser);
            env.put("DB_PASSWORD", o.dbPassword);
            env.put("MASK_KEY", key);
            env.put("PROGRESS_INTERVAL_MS", "0");
            Process p = pb.start();
            processes.add(p);
            StringBuilder out = new StringBuilder();
            outputs.add(out);
            Thread reader = new Thread(() -> pump(p, out), "bench-output-" + i);
            reader.setDaemon(true);
            reader.start();
            readers.add(reader);
            rss.add(new long[1]);
        }
        // Timing starts once every instance has started and messages are leaving the queue, so JVM start-up is
        // not counted: the instances start together but are ready seconds apart (more so the more there are),
        // and the first one up drains alone meanwhile. What was handled before that is left out of the rate.
        long startNanos = 0;
        long handledBeforeStart = 0;
        while (true) {
            int depth = visible(sqs, url);
            if (startNanos == 0 && depth < bodies.size() && outputs.stream().allMatch(Benchmark::started)) {
                startNanos = System.nanoTime();
                handledBeforeStart = count(o, dbUrl, "SELECT count(*) FROM login_etl_ledger") + visible(sqs, dlqUrl(sqs, queue));
            }
            for (int i = 0; i < processes.size(); i++) {
                rss.get(i)[0] = Math.max(rss.get(i)[0], peakRssKb(processes.get(i).pid()));
            }
            if (startNanos != 0 && depth == 0 && count(o, dbUrl, "SELECT count(*) FROM login_etl_ledger") >= good
                    && depthWithInFlight(sqs, url) == 0) {
                break;
            }
            for (int i = 0; i < processes.size(); i++) {
                if (!processes.get(i).isAlive()) {
                    for (Process p : processes) {
                        p.destroyForcibly();
                    }
                    throw new IllegalStateException("login-etl instance " + i + " of " + instances + " exited early:\n" + tail(outputs.get(i)));
                }
            }
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long measured = bodies.size() - handledBeforeStart;
        for (Process p : processes) {
            p.toHandle().destroy(); // SIGTERM (Process.destroy() would also close its stdout): the graceful stop prints the summary
        }
        long requests = 0;
        long duplicates = 0;
        for (int i = 0; i < processes.size(); i++) {
            processes.get(i).waitFor();
            readers.get(i).join(5000);
            Matcher m = SUMMARY.matcher(outputs.get(i));
            if (m.find()) {
                duplicates += Long.parseLong(m.group(3));
                requests += Long.parseLong(m.group(5));
            } else {
                System.out.println("benchmark: instance " + i + " printed no summary; its last output:\n"
                        + outputs.get(i).substring(Math.max(0, outputs.get(i).length() - 3000)));
            }
        }
        long rows = count(o, dbUrl, "SELECT count(*) FROM user_logins");
        Result r = new Result(measured / seconds, (double) requests / bodies.size(),
                rss.stream().mapToLong(a -> a[0]).max().orElse(0) / 1024, rows, visible(sqs, dlqUrl(sqs, queue)), duplicates);
        System.out.printf(Locale.ROOT, "login-etl x%d: %,.0f msg/s (%d messages in %.1f s once all %d had started; %d handled before),"
                        + " %d rows, %d in DLQ, %d duplicates skipped, %.3f SQS requests/msg, peak RSS %d MB%n",
                instances, r.rate, measured, seconds, instances, handledBeforeStart, r.rows, r.dlq, r.duplicates,
                r.requestsPerMessage, r.peakRssMb);
        return r;
    }

    /** Camel Main logs "Apache Camel ... (login-etl) started in ..." once the routes consume. */
    private static boolean started(StringBuilder out) {
        synchronized (out) {
            return out.indexOf(") started in ") >= 0;
        }
    }

    private static String tail(StringBuilder out) {
        synchronized (out) {
            return out.substring(Math.max(0, out.length() - 3000));
        }
    }

    /** The DLQ is created by the first instance that starts; 0 messages until then. */
    private static String dlqUrl(SqsClient sqs, String queue) {
        try {
            return sqs.getQueueUrl(b -> b.queueName(queue + "-dlq")).queueUrl();
        } catch (software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException e) {
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void pump(Process p, StringBuilder out) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (out) {
                    if (out.length() < 2_000_000) {
                        out.append(line).append('\n');
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static int visible(SqsClient sqs, String url) {
        if (url == null) {
            return 0;
        }
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static int depthWithInFlight(SqsClient sqs, String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** VmHWM: the process's peak resident set, in kB (0 where /proc is absent). */
    static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone, or this is not Linux
        }
        return 0;
    }

    private static long count(Options o, String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, o.dbUser, o.dbPassword);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }

    private static void admin(Options o, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + o.dbHost + "/postgres", o.dbUser, o.dbPassword);
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.2f", v).replaceAll("\\.00$", "");
    }

    private static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    record Result(double rate, double requestsPerMessage, long peakRssMb, long rows, int dlq, long duplicates) {
    }

    static final class Options {
        int messages = 100_000;
        int receivers = 4;
        List<Integer> instances = List.of(1);
        String heap = "256m";
        double repeatShare = 0.1;
        double badShare = 0.001;
        String dbHost = "localhost:5432";
        String dbUser = "postgres";
        String dbPassword = "postgres";
        Path jar = Path.of("target", "login-etl.jar");
        boolean skipRaw;

        static Options parse(String[] args) throws Exception {
            Options o = new Options();
            Map<String, String> a = new LinkedHashMap<>();
            List<String> list = new ArrayList<>(List.of(args));
            o.skipRaw = list.remove("--skip-raw"); // only the login-etl run, e.g. for a memory check
            for (int i = 0; i + 1 < list.size(); i += 2) {
                a.put(list.get(i), list.get(i + 1));
            }
            o.messages = Integer.parseInt(a.getOrDefault("--messages", Integer.toString(o.messages)));
            o.receivers = Integer.parseInt(a.getOrDefault("--receivers", Integer.toString(o.receivers)));
            o.heap = a.getOrDefault("--heap", o.heap);
            o.dbHost = a.getOrDefault("--db-host", o.dbHost);
            if (a.containsKey("--instances")) {
                o.instances = java.util.Arrays.stream(a.get("--instances").split(",")).map(String::trim).map(Integer::valueOf).toList();
            }
            String self = Benchmark.class.getProtectionDomain().getCodeSource().getLocation().getPath();
            if (self.endsWith(".jar")) {
                // Run from login-etl-tools.jar: the production jar beside it is what is measured.
                o.jar = new File(self).toPath().resolveSibling("login-etl.jar");
            }
            o.jar = Path.of(a.getOrDefault("--jar", o.jar.toString()));
            return o;
        }
    }
}

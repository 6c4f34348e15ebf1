package io.loginetl.tools;

import io.loginetl.masking.MaskKeys;
import io.loginetl.masking.MaskMode;
import io.loginetl.sqs.SqsClients;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw SQS limit versus login-etl, in one run on one machine. ElasticMQ runs as a child JVM and holds N
 * generated messages per run. The raw client (receive 10, DeleteMessageBatch, no processing; {@link RawDrain})
 * and login-etl (the production jar) each drain them as child JVMs with the same flags, so that CPU is
 * accounted the same way for both: /proc/PID/stat of each child, read while it is alive at the start and the
 * end of the timed window ({@link ProcStat}). The raw limit is taken at its best: the server is warmed by a
 * first pass, and the better of the raw runs before and after login-etl counts. With --sqs-latency-ms N both
 * clients talk to the server through a {@link DelayProxy} adding N ms per request. With --client-warm-up N each
 * client JVM first drains N more messages, and the window opens once they are gone: both measured warm, as a
 * long-running instance is.
 */
public final class Benchmark {

    static final Pattern APP_SUMMARY = Pattern.compile("summary: received=(\\d+) inserted=(\\d+) duplicates=(\\d+)"
            + " rejected=(\\d+) filtered=\\d+ sqs_requests=(\\d+)");
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final Pattern RAW_SUMMARY = Pattern.compile("raw summary: received=(\\d+) sqs_requests=(\\d+)");

    private Benchmark() {
    }

    /**
     * One timed drain: a raw run or a login-etl run. CPU figures are ticks of {@link ProcStat#TICKS_PER_SECOND}; measured
     * messages left the queue in the window, drained ones over the client's life (its request count's denominator).
     */
    record Run(String label, int threads, long measured, long drained, double seconds, long clientTicks, long clientLifeTicks,
            Map<String, Long> clientByKind, long clientKernelTicks, long serverTicks, long postgresTicks, long requests, long peakRssKb,
            long rows, long dlq, long duplicates, String load) {

        double rate() {
            return measured / seconds;
        }

        /** CPU-seconds per 1,000 messages from a tick count. */
        double perThousand(long ticks) {
            return ticks < 0 ? Double.NaN : ticks / (double) ProcStat.TICKS_PER_SECOND / measured * 1000;
        }

        /** Client, server and Postgres together: on a CPU-bound machine, what sets the rate. */
        long totalTicks() {
            return clientTicks + serverTicks + Math.max(0, postgresTicks);
        }

        /** How many cores the measured processes had on average: below the machine's count means others took CPU. */
        double coresUsed() {
            return totalTicks() / (double) ProcStat.TICKS_PER_SECOND / seconds;
        }
    }

    public static int run(String[] args) throws Exception {
        BenchmarkOptions o;
        try {
            o = BenchmarkOptions.parse(args, defaultJar());
        } catch (IllegalArgumentException e) {
            System.err.println("benchmark: " + e.getMessage());
            System.err.print(BenchmarkOptions.USAGE);
            return 2;
        }
        if (o == null) {
            System.out.print(BenchmarkOptions.USAGE);
            return 0;
        }
        System.out.printf(Locale.ROOT, "benchmark: %d messages (%.0f%% repeated devices, %.1f%% bad), %d receivers per instance,"
                        + " raw threads %s after %d warm-up passes, %s, heap %s%s%s%n", o.messages(), o.repeatShare() * 100, o.badShare() * 100,
                o.receivers(), o.rawThreads(), o.warmUps(),
                o.clientWarmUp() == 0 ? "clients measured cold" : "clients warmed by " + o.clientWarmUp() + " messages each", o.heap(),
                o.jvmOptions().isEmpty() ? "" : " " + String.join(" ", o.jvmOptions()),
                o.sqsLatencyMs() > 0 ? ", +" + o.sqsLatencyMs() + " ms per SQS request" : "");
        List<String> bodies = generate(o);
        long good = bodies.stream().filter(b -> !LoginGenerator.isBad(b)).count();
        List<Run> runs = new ArrayList<>();
        try (ChildProcess server = startSqsServer()) {
            String endpoint = SqsServer.endpointIn(server.awaitLine(SqsServer.READY, 0).orElseThrow());
            try (DelayProxy proxy = o.sqsLatencyMs() > 0 ? DelayProxy.start(endpoint, o.sqsLatencyMs()) : null;
                 SqsClient sqs = SqsClients.create(endpoint, "us-east-1", 64)) {
                // The benchmark itself watches the queues directly; only the measured clients go through the proxy.
                String clientEndpoint = proxy != null ? proxy.endpoint() : endpoint;
                int queues = 0;
                for (int pass = 0; pass < (o.skipRaw() ? 0 : o.warmUps()); pass++) {
                    report(raw("raw warm-up", o.rawThreads().get(o.rawThreads().size() - 1), clientEndpoint, sqs, bodies, o, server, ++queues));
                }
                if (!o.skipRaw()) {
                    for (int threads : o.rawThreads()) {
                        runs.add(report(raw("raw before", threads, clientEndpoint, sqs, bodies, o, server, ++queues)));
                    }
                }
                for (int instances : o.instances()) {
                    runs.add(report(loginEtl(clientEndpoint, sqs, bodies, good, instances, o, server)));
                }
                if (!o.skipRaw()) {
                    for (int threads : o.rawThreads()) {
                        runs.add(report(raw("raw after", threads, clientEndpoint, sqs, bodies, o, server, ++queues)));
                    }
                }
            }
            server.closeInput();
            server.waitFor(30);
        }
        printTable(runs, o, good, bodies.size() - good);
        return 0;
    }

    private static void printTable(List<Run> runs, BenchmarkOptions o, long good, long bad) {
        Run best = runs.stream().filter(r -> r.label().startsWith("raw")).max((a, b) -> Double.compare(a.rate(), b.rate())).orElse(null);
        double limit = best == null ? Double.NaN : best.rate();
        String format = "%-14s %4s %9s %6s %10s %10s %10s %10s %10s %6s %8s %9s %8s %5s %4s %5s%n";
        System.out.println();
        System.out.printf(format, "run", "thr", "msg/s", "ratio", "client CPU", "server CPU", "pg CPU", "total CPU", "CPU ratio",
                "cores", "req/msg", "peak RSS", "rows", "dlq", "dup", "load");
        System.out.printf(format, "", "", "", "", "s/1k msg", "s/1k msg", "s/1k msg", "s/1k msg", "vs raw", "used", "", "", "", "",
                "", "");
        for (Run r : runs) {
            boolean app = r.label().startsWith("login-etl");
            System.out.printf(format, r.label(), r.threads(), fmt(r.rate(), 0), fmt(r.rate() / limit, 2),
                    fmt(r.perThousand(r.clientTicks()), 3), fmt(r.perThousand(r.serverTicks()), 3),
                    app ? fmt(r.perThousand(r.postgresTicks()), 3) : "-", fmt(r.perThousand(r.totalTicks()), 3),
                    best == null ? "-" : fmt(r.perThousand(r.clientTicks()) / best.perThousand(best.clientTicks()), 2),
                    fmt(r.coresUsed(), 2), String.format(Locale.ROOT, "%.3f", (double) r.requests() / r.drained()), r.peakRssKb() / 1024 + " MB",
                    app ? Long.toString(r.rows()) : "-", app ? Long.toString(r.dlq()) : "-", app ? Long.toString(r.duplicates()) : "-",
                    r.load());
        }
        System.out.println();
        if (best != null) {
            System.out.printf(Locale.ROOT, "raw limit: %s msg/s (%s, %d threads); ratio and CPU ratio (client CPU) are against that run%n",
                    fmt(limit, 0), best.label(), best.threads());
            for (Run r : runs) {
                if (r.label().startsWith("login-etl")) {
                    // With every process on the same saturated cores, throughput follows total CPU per message.
                    System.out.printf(Locale.ROOT, "%s: total CPU per message %.2fx the raw run's, so on a CPU-bound machine"
                            + " at most %.2fx its rate%n", r.label(), (double) r.totalTicks() / r.measured() * best.measured() / best.totalTicks(),
                            (double) best.totalTicks() / best.measured() * r.measured() / r.totalTicks());
                }
            }
        }
        for (Run r : runs) {
            if (r.label().startsWith("login-etl")) {
                boolean correct = r.rows() == good && r.dlq() == bad && r.duplicates() == 0;
                System.out.printf(Locale.ROOT, "%s: rows %d of %d good, dlq %d of %d bad, %d duplicates: %s%n", r.label(), r.rows(), good,
                        r.dlq(), bad, r.duplicates(), correct ? "correct" : "WRONG");
            }
        }
        System.out.printf(Locale.ROOT, "CPU: user+system of each child JVM (and Postgres backends) over the timed window, from /proc;"
                + " machine: %d cores, %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"));
    }

    private static Run report(Run r) {
        long all = r.clientByKind().values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "%s (%d threads): %s msg/s, %d messages in %.1f s; client CPU %.1f s in the window"
                        + " (jit %.0f%%, gc %.0f%%, kernel %.0f%%), %.1f s since JVM start; server %.1f s; postgres %s; load %s%n",
                r.label(), r.threads(), fmt(r.rate(), 0), r.measured(), r.seconds(), seconds(r.clientTicks()),
                percent(r.clientByKind().getOrDefault("jit", 0L), all), percent(r.clientByKind().getOrDefault("gc", 0L), all),
                percent(r.clientKernelTicks(), all),
                seconds(r.clientLifeTicks()), seconds(r.serverTicks()),
                r.postgresTicks() < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", seconds(r.postgresTicks())), r.load());
        return r;
    }

    private static List<String> generate(BenchmarkOptions o) {
        return new LoginGenerator(42, o.repeatShare(), o.badShare()).next(o.clientWarmUp() + o.messages());
    }

    private static Run raw(String label, int threads, String clientEndpoint, SqsClient sqs, List<String> bodies, BenchmarkOptions o,
            ChildProcess server, int number) throws Exception {
        String queue = "bench-raw-" + number;
        String url = sqs.createQueue(b -> b.queueName(queue)).queueUrl();
        var it = bodies.iterator();
        EmbeddedSqs.fill(sqs, url, bodies.size(), it::next);
        List<String> command = ChildProcess.java("-Xmx" + o.heap());
        command.addAll(o.jvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RawDrain.class.getName(), clientEndpoint, url,
                Integer.toString(threads), Integer.toString(bodies.size())));
        ChildProcess child = ChildProcess.start("raw", new ProcessBuilder(command));
        Run r;
        try {
            r = timed(label, threads, List.of(child), "raw: started", sqs, url, bodies.size(), o.clientWarmUp(), null, 0, server);
        } catch (Exception | Error e) {
            child.kill();
            throw e;
        }
        child.closeInput(); // done: the raw client prints its summary and exits
        child.waitFor(30);
        Matcher m = RAW_SUMMARY.matcher(child.output());
        long requests = m.find() ? Long.parseLong(m.group(2)) : -1;
        if (requests < 0) {
            System.out.println("benchmark: the raw client printed no summary; its output:\n" + child.tail());
            child.kill();
        }
        return withCounts(r, requests, -1, -1, -1);
    }

    private static Run loginEtl(String clientEndpoint, SqsClient sqs, List<String> bodies, long good, int instances, BenchmarkOptions o,
            ChildProcess server) throws Exception {
        // A database of its own, dropped afterwards: a fixed name would be dropped under another benchmark
        // running on the same Postgres (WITH (FORCE) ends its connections).
        String database = "login_etl_bench_" + ProcessHandle.current().pid() + "_" + instances;
        admin(o, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        admin(o, "CREATE DATABASE " + database);
        try {
            return loginEtl(clientEndpoint, sqs, bodies, good, instances, o, server, database);
        } finally {
            admin(o, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static Run loginEtl(String clientEndpoint, SqsClient sqs, List<String> bodies, long good, int instances, BenchmarkOptions o,
            ChildProcess server, String database) throws Exception {
        String queue = "bench-app-" + instances;
        String url = sqs.createQueue(b -> b.queueName(queue)).queueUrl();
        var it = bodies.iterator();
        EmbeddedSqs.fill(sqs, url, bodies.size(), it::next);
        String dbUrl = "jdbc:postgresql://" + o.dbHost() + "/" + database + "?reWriteBatchedInserts=true";
        String key = MaskKeys.generate(MaskMode.SIV);
        List<ChildProcess> children = new ArrayList<>();
        try (PostgresCpu postgres = new PostgresCpu(dbUrl, o.dbUser(), o.dbPassword(), database)) {
            for (int i = 0; i < instances; i++) {
                List<String> command = ChildProcess.java("-Xmx" + o.heap());
                command.addAll(o.jvmOptions());
                if (o.jfr() != null) {
                    Path file = instances == 1 ? o.jfr() : o.jfr().resolveSibling(i + "-" + o.jfr().getFileName());
                    command.add("-XX:StartFlightRecording=filename=" + file.toAbsolutePath() + ",settings=" + o.jfrSettings() + ",dumponexit=true");
                }
                // A free management port each: fixed ones clash with each other's leftovers and with a running demo.
                command.addAll(List.of("-Dcamel.management.port=" + freePort(), "-jar", o.jar().toString()));
                ProcessBuilder pb = new ProcessBuilder(command);
                Map<String, String> env = pb.environment();
                env.put("SQS_ENDPOINT", clientEndpoint);
                env.put("SQS_QUEUE", queue);
                env.put("SQS_DLQ", queue + "-dlq");
                env.put("SQS_RECEIVERS", Integer.toString(o.receivers()));
                // The pool the settings check asks for: batch.writers (2 by default) + receivers + 1, at least the default 8
                env.put("DB_POOL_MAX_SIZE", Integer.toString(Math.max(8, 2 + o.receivers() + 1)));
                env.put("DB_URL", dbUrl);
                env.put("DB_USER", o.dbUser());
                env.put("DB_PASSWORD", o.dbPassword());
                env.put("MASK_KEY", key);
                env.put("PROGRESS_INTERVAL_MS", "0");
                children.add(ChildProcess.start("login-etl-" + i, pb));
            }
            Run r;
            try {
                // Camel Main logs "Apache Camel ... (login-etl) started in ..." once the routes consume.
                r = timed("login-etl x" + instances, o.receivers(), children, ") started in ", sqs, url,
                        bodies.size(), o.clientWarmUp(), postgres, good, server);
            } catch (Exception | Error e) {
                for (ChildProcess c : children) {
                    c.kill();
                }
                throw e;
            }
            for (ChildProcess c : children) {
                c.terminate(); // the graceful stop prints the summary
            }
            long requests = 0;
            long duplicates = 0;
            for (ChildProcess c : children) {
                if (!c.waitFor(60)) {
                    c.kill();
                }
                Matcher m = APP_SUMMARY.matcher(c.output());
                if (m.find()) {
                    duplicates += Long.parseLong(m.group(3));
                    requests += Long.parseLong(m.group(5));
                } else {
                    System.out.println("benchmark: " + c.name() + " printed no summary; its last output:\n" + c.tail());
                }
            }
            String dlq = dlqUrl(sqs, queue);
            return withCounts(r, requests, postgres.count("SELECT count(*) FROM user_logins"), dlq == null ? 0 : visible(sqs, dlq), duplicates);
        }
    }

    /**
     * Times a drain from the first receive (the queue's visible count drops) until every message has left the
     * queue (visible + in flight = 0; for login-etl also every good row committed). Messages completed before the
     * start are left out of the rate, and JVM start-up and shutdown are outside the window for both clients. With
     * warmUp above 0 the window opens once that many messages have left the queue instead.
     */
    private static Run timed(String label, int threads, List<ChildProcess> children, String started, SqsClient sqs, String url,
            int total, int warmUp, PostgresCpu postgres, long good, ChildProcess server) throws Exception {
        long startNanos = 0;
        long completedBefore = 0;
        long client0 = 0;
        long server0 = 0;
        Map<Long, Long> pg0 = Map.of();
        List<Map<Long, ProcStat.Sample>> threads0 = new ArrayList<>();
        long[] peak = new long[children.size()];
        int lastInQueue = -1;
        long lastChange = System.nanoTime();
        while (true) {
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            int visible = Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            int inQueue = visible + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
            boolean begun = warmUp == 0 ? visible < total : total - inQueue >= warmUp;
            if (startNanos == 0 && begun && children.stream().allMatch(c -> c.printed(started))) {
                startNanos = System.nanoTime();
                completedBefore = total - inQueue;
                client0 = sumTicks(children);
                server0 = ProcStat.processTicks(server.pid());
                pg0 = postgres == null ? Map.of() : postgres.sample();
                for (ChildProcess c : children) {
                    threads0.add(ProcStat.threadTicks(c.pid()));
                }
            }
            for (int i = 0; i < children.size(); i++) {
                peak[i] = Math.max(peak[i], ProcStat.peakRssKb(children.get(i).pid()));
            }
            if (startNanos != 0 && inQueue == 0 && (postgres == null || postgres.count("SELECT count(*) FROM login_etl_ledger") >= good)) {
                break;
            }
            if (inQueue != lastInQueue) {
                lastInQueue = inQueue;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > STALL_NANOS) {
                // A client that hangs (or rows that never arrive) must end the benchmark, not keep it waiting forever.
                throw new IllegalStateException(label + ": no message left the queue for " + STALL_NANOS / 1_000_000_000 + " s ("
                        + inQueue + " of " + total + " still there" + (postgres == null ? "" : ", "
                        + postgres.count("SELECT count(*) FROM login_etl_ledger") + " of " + good + " good ones stored") + "); last output:\n"
                        + children.get(0).tail());
            }
            for (ChildProcess c : children) {
                if (!c.isAlive()) {
                    throw new IllegalStateException(c.name() + " exited early:\n" + c.tail());
                }
            }
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long client1 = sumTicks(children);
        long server1 = ProcStat.processTicks(server.pid());
        Map<Long, Long> pg1 = postgres == null ? Map.of() : postgres.sample();
        Map<String, Long> byKind = new HashMap<>();
        long kernel = 0;
        for (int i = 0; i < children.size(); i++) {
            Map<Long, ProcStat.Sample> threads1 = ProcStat.threadTicks(children.get(i).pid());
            ProcStat.ticksByKind(threads0.get(i), threads1).forEach((k, v) -> byKind.merge(k, v, Long::sum));
            kernel += ProcStat.systemTicks(threads0.get(i), threads1);
            peak[i] = Math.max(peak[i], ProcStat.peakRssKb(children.get(i).pid()));
        }
        return new Run(label, threads, total - completedBefore, total, seconds, client1 - client0, client1, byKind, kernel, server1 - server0,
                postgres == null ? -1 : PostgresCpu.spent(pg0, pg1), 0, java.util.Arrays.stream(peak).max().orElse(0), -1, -1, -1,
                ProcStat.loadAverage());
    }

    private static Run withCounts(Run r, long requests, long rows, long dlq, long duplicates) {
        return new Run(r.label(), r.threads(), r.measured(), r.drained(), r.seconds(), r.clientTicks(), r.clientLifeTicks(), r.clientByKind(), r.clientKernelTicks(),
                r.serverTicks(), r.postgresTicks(), requests, r.peakRssKb(), rows, dlq, duplicates, r.load());
    }

    private static long sumTicks(List<ChildProcess> children) {
        long sum = 0;
        for (ChildProcess c : children) {
            long t = ProcStat.processTicks(c.pid());
            if (t < 0) {
                throw new IllegalStateException(c.name() + " exited during the run:\n" + c.tail());
            }
            sum += t;
        }
        return sum;
    }

    /**
     * ElasticMQ in a JVM of its own (the sqs-server command), so that the server's CPU is measured apart from the
     * benchmark's; it stops when its stdin closes.
     */
    private static ChildProcess startSqsServer() throws Exception {
        List<String> command = ChildProcess.java();
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Tools.class.getName(), "sqs-server", "--until-stdin-closes"));
        ChildProcess server = ChildProcess.start("sqs-server", new ProcessBuilder(command));
        if (server.awaitLine(SqsServer.READY, 120).isEmpty()) {
            server.kill();
            throw new IllegalStateException("the SQS server did not start:\n" + server.tail());
        }
        return server;
    }

    /** The DLQ is created by the first instance that starts; null until then. */
    private static String dlqUrl(SqsClient sqs, String queue) {
        try {
            return sqs.getQueueUrl(b -> b.queueName(queue + "-dlq")).queueUrl();
        } catch (software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException e) {
            return null;
        }
    }

    private static int visible(SqsClient sqs, String url) {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void admin(BenchmarkOptions o, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + o.dbHost() + "/postgres", o.dbUser(), o.dbPassword());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Path defaultJar() {
        String self = Benchmark.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        // Run from login-etl-tools.jar: the production jar beside it is what is measured.
        return self.endsWith(".jar") ? new File(self).toPath().resolveSibling("login-etl.jar") : Path.of("target", "login-etl.jar");
    }

    private static double seconds(long ticks) {
        return ticks / (double) ProcStat.TICKS_PER_SECOND;
    }

    private static double percent(long part, long all) {
        return all == 0 ? 0 : 100.0 * part / all;
    }

    private static String fmt(double v, int decimals) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }
}

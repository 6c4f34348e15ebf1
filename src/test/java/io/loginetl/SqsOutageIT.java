package io.loginetl;

import io.loginetl.health.SqsHealthCheck;
import io.loginetl.support.AppProcess;
import io.loginetl.support.Management;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.TcpProxy;
import io.loginetl.support.TestSettings;
import io.loginetl.tools.LoginGenerator;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SQS goes away for 20 s under the running jar: its connections are reset and new ones refused, as when the server
 * stops (through a proxy, since the embedded ElasticMQ keeps its queues in memory and a restart would lose them).
 * The log says so once as receives start failing and once as they work again, by the failure's kind, never its text;
 * readiness is DOWN meanwhile, and once SQS is back the pipeline resumes by itself: the messages sent before and
 * during the outage all load, each once.
 */
class SqsOutageIT extends RealPartsTestSupport {

    private static final Duration OUTAGE = Duration.ofSeconds(20);
    /** What a JVM prints of an exception: "pkg.SomeException: message", its frames, its causes. */
    private static final Pattern EXCEPTION_TEXT = Pattern.compile("\\w+(Exception|Error): |^\\s+at [\\w.$]+\\(|^Caused by: |^\\s+\\.\\.\\. \\d+ more");

    @Test
    void anOutageIsLoggedOnceAsItStartsAndOnceAsItEndsAndThePipelineResumesByItself() throws Exception {
        List<String> before = logins(2000, 31);
        List<String> during = logins(500, 32);
        queues.send(before);
        URI sqs = URI.create(server.endpoint());
        try (TcpProxy proxy = new TcpProxy(sqs.getHost(), sqs.getPort())) {
            Map<String, String> settings = TestSettings.of("http://127.0.0.1:" + proxy.port(), queues, db);
            settings.put("sqs.visibility-timeout", "10"); // what was in flight at the cut (its deletes failed) returns sooner
            Management management = Management.of(settings);
            try (AppProcess app = AppProcess.start(settings)) {
                await("the first rows").atMost(Duration.ofSeconds(90)).until(() -> rows() > 0);
                proxy.cut(); // mid-flow: receives, batches and deletes under way
                long cutAt = System.nanoTime();
                int linesAtCut = lines(app).size();
                queues.send(during); // straight to the server: only the pipeline has lost it

                Management.Answer down = management.awaitReady(503, "DOWN");
                assertEquals("DOWN", down.check(SqsHealthCheck.ID), down.body());
                assertTrue(down.message(SqsHealthCheck.ID).contains("unreachable"), down.body());
                assertEquals(200, management.live().status(), "liveness stays UP: nothing to restart for");
                Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - cutAt) / 1_000_000));
                List<String> duringOutage = since(app, linesAtCut);
                proxy.restore();

                await("every message loaded and the queue empty").atMost(Duration.ofSeconds(120)).until(() -> rows() == before.size() + during.size() && queues.depth(queues.queue) == 0);
                management.awaitReady(200, "UP");
                List<String> sinceCut = since(app, linesAtCut);
                String shown = "\nlogged since the cut:\n" + String.join("\n", sinceCut);

                assertTrue(duringOutage.size() <= 5, duringOutage.size() + " lines during the outage" + shown);
                assertTrue(sinceCut.size() <= 20, sinceCut.size() + " lines from the cut until drained" + shown);
                assertEquals(1, matching(sinceCut, "ReceiveBackoff - Receiving from SQS queue " + queues.queue + " failed (").size(),
                        "the outage's start, once" + shown);
                assertEquals(1, matching(sinceCut, "ReceiveBackoff - Receiving from SQS queue " + queues.queue + " works again").size(),
                        "its end, once" + shown);
                assertEquals(List.of(), sinceCut.stream().filter(l -> EXCEPTION_TEXT.matcher(l).find()).toList(),
                        "no exception text or stack trace" + shown);
            }
        }
        assertEquals(before.size() + during.size(), db.count("SELECT count(DISTINCT user_id) FROM user_logins"), "every login once");
        assertEquals(before.size() + during.size(), rows(), "no row twice");
        assertEquals(rows(), db.count("SELECT count(*) FROM login_etl_ledger"), "a ledger entry per row");
    }

    @Test
    void aStopDuringAnOutageIsPromptAndQuiet() throws Exception {
        URI sqs = URI.create(server.endpoint());
        try (TcpProxy proxy = new TcpProxy(sqs.getHost(), sqs.getPort())) {
            Map<String, String> settings = TestSettings.of("http://127.0.0.1:" + proxy.port(), queues, db);
            // Backoffs far longer than a stop may take: a stop waits for receives under way (Camel counts a poll in
            // progress as a pending exchange), never for a receiver's backoff
            settings.put("sqs.receive-backoff-initial-ms", "60000");
            settings.put("sqs.receive-backoff-max-ms", "60000");
            Management management = Management.of(settings);
            try (AppProcess app = AppProcess.start(settings)) {
                management.awaitReady(200, "UP");
                int linesAtCut = lines(app).size();
                proxy.cut();
                await("the outage logged").atMost(Duration.ofSeconds(30)).until(() -> !matching(lines(app), "ReceiveBackoff - Receiving from SQS queue").isEmpty());
                // The other receivers' receives fail within a second of the cut too; then all of them wait
                Thread.sleep(2000);
                long stopAt = System.nanoTime();
                app.terminate();
                assertEquals(0, app.awaitExit(30), app.output());
                long stopSeconds = (System.nanoTime() - stopAt) / 1_000_000_000;
                List<String> sinceCut = since(app, linesAtCut);
                assertTrue(stopSeconds < 8, "stopped in " + stopSeconds + " s:\n" + String.join("\n", sinceCut));
                assertEquals(List.of(), sinceCut.stream().filter(l -> EXCEPTION_TEXT.matcher(l).find()).toList(),
                        "no exception text or stack trace while stopping");
            }
        }
    }

    private long rows() {
        return db.count("SELECT count(*) FROM user_logins");
    }

    private static List<String> logins(int count, long seed) {
        return new LoginGenerator(seed, 0.1, 0).next(count);
    }

    private static List<String> lines(AppProcess app) {
        return Arrays.asList(app.output().split("\n"));
    }

    /** The lines logged after the first {@code from}. */
    private static List<String> since(AppProcess app, int from) {
        List<String> all = lines(app);
        return all.subList(from, all.size());
    }

    private static List<String> matching(List<String> lines, String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }
}

package io.loginetl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loginetl.health.DatabaseHealthCheck;
import io.loginetl.health.SqsHealthCheck;
import io.loginetl.message.Reason;
import io.loginetl.support.Management;
import io.loginetl.support.Pipeline;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.TcpProxy;
import io.loginetl.support.TestDatabase;
import io.loginetl.support.TestSettings;
import io.loginetl.tools.LoginGenerator;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator sees on the management port while the real routes run: the Prometheus counters
 * agree with what was sent, and readiness follows Postgres and SQS (DOWN while either is away, 503)
 * while liveness stays UP. Nothing on those pages carries a secret or a value from a message.
 */
class ObservabilityIT extends RealPartsTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int GOOD = 500;
    /** Bad messages by the reason they are parked with. */
    private static final Map<Reason, List<String>> BAD = new LinkedHashMap<>();

    static {
        BAD.put(Reason.MALFORMED_JSON, List.of("this is not json", "{\"user_id\": "));
        BAD.put(Reason.NOT_AN_OBJECT, List.of("[1, 2, 3]"));
        BAD.put(Reason.MISSING_FIELD, List.of(
                "{\"foo\": \"oops_wrong_msg_type\", \"bar\": \"123\"}",
                "{\"foo\": \"oops_wrong_msg_type\", \"bar\": \"456\"}",
                "{\"user_id\": \"u-no-ip\", \"app_version\": \"1.0\", \"device_type\": \"ios\", \"locale\": \"US\","
                        + " \"device_id\": \"111-11-1111\"}"));
        BAD.put(Reason.INVALID_IP, List.of(
                "{\"user_id\": \"u-bad-ip\", \"app_version\": \"1.0\", \"device_type\": \"ios\", \"ip\": \"300.1.2.3\","
                        + " \"locale\": \"US\", \"device_id\": \"000-00-0001\"}"));
        BAD.put(Reason.INVALID_APP_VERSION, List.of(
                "{\"user_id\": \"u-bad-version\", \"app_version\": \"two\", \"device_type\": \"ios\", \"ip\": \"10.0.0.1\","
                        + " \"locale\": null, \"device_id\": \"000-00-0000\"}"));
        BAD.put(Reason.WRONG_TYPE, List.of(
                "{\"user_id\": 42, \"app_version\": \"1.0\", \"device_type\": \"ios\", \"ip\": \"10.0.0.2\","
                        + " \"locale\": null, \"device_id\": \"000-00-0002\"}",
                "{\"user_id\": \"u-x\", \"app_version\": \"1.0\", \"device_type\": [\"ios\"], \"ip\": \"10.0.0.3\","
                        + " \"locale\": null, \"device_id\": \"000-00-0003\"}"));
    }

    /** Settings with a password (the test role's, random) and a key that must never show up on the management port. */
    private Map<String, String> settings(String endpoint) {
        return TestSettings.of(endpoint, queues, db);
    }

    private static long rows(TestDatabase db) {
        return db.count("SELECT count(*) FROM user_logins");
    }

    @Test
    void countersMatchWhatWasSentAndHealthIsUp() throws Exception {
        List<String> good = new LoginGenerator(6, 0.2, 0).next(GOOD);
        List<String> all = new ArrayList<>(good);
        BAD.values().forEach(all::addAll);
        int badCount = all.size() - GOOD;
        Collections.shuffle(all, new Random(6));
        queues.send(all);

        Map<String, String> settings = settings(server.endpoint());
        settings.put("batch.size", "100"); // several batches: several DeleteMessageBatch runs and batch sizes
        settings.put("camel.health.exposure-level", "full"); // the operator's view: UP checks listed, with their data
        Management management = Management.of(settings);
        try (Pipeline ignored = Pipeline.start(settings)) {
            await(GOOD + " rows and an empty source queue").atMost(Duration.ofSeconds(90)).until(() -> rows(db) == GOOD && queues.depth(queues.queue) == 0);
            // A batch's rows are visible a moment before its counter moves: wait for the page to agree
            await("the counters to reach what was sent").atMost(Duration.ofSeconds(30)).until(() -> {
                Map<String, Double> m = management.metrics();
                return m.getOrDefault("loginetl_rows_inserted_total", -1.0) == GOOD
                        && BAD.entrySet().stream().allMatch(e -> m.getOrDefault(rejected(e.getKey()), -1.0) == e.getValue().size());
            });

            String page = management.metricsPage();
            Map<String, Double> metrics = Management.parse(page);
            assertEquals(GOOD, metrics.get("loginetl_rows_inserted_total"), "rows inserted");
            assertEquals(0, metrics.get("loginetl_duplicates_skipped_total"), "no duplicates");
            for (Reason reason : Reason.values()) {
                int expected = BAD.getOrDefault(reason, List.of()).size();
                assertEquals(expected, metrics.get(rejected(reason)), "rejected with reason " + reason.code());
            }
            assertTrue(metrics.get("loginetl_messages_received_total") >= GOOD + badCount,
                    "received " + metrics.get("loginetl_messages_received_total") + " of " + (GOOD + badCount));
            assertTrue(metrics.getOrDefault(sqsRequests("ReceiveMessage"), 0.0) > 0, "ReceiveMessage calls counted");
            assertTrue(metrics.getOrDefault(sqsRequests("DeleteMessageBatch"), 0.0) >= GOOD / 10.0,
                    "DeleteMessageBatch calls counted: at least one per 10 rows");
            assertTrue(metrics.getOrDefault(sqsRequests("SendMessage"), 0.0) >= badCount, "one DLQ send per bad message");
            assertTrue(metrics.getOrDefault("loginetl_batch_size_count", 0.0) >= GOOD / 100.0, "batches recorded");
            assertEquals(GOOD, metrics.get("loginetl_batch_size_sum"), "every row was in one committed batch");
            assertTrue(metrics.getOrDefault("loginetl_batch_size_max", 0.0) <= 100, "batch.size bounds batches");
            assertTrue(metrics.keySet().stream().anyMatch(k -> k.startsWith("camel_exchanges_total")),
                    "Camel's own route metrics share the page");

            assertNoMessageValues(page, good);
            assertNoSecrets(page, settings);

            Management.Answer health = management.health();
            assertEquals(200, health.status(), health.body());
            assertEquals("UP", health.healthStatus());
            Management.Answer live = management.live();
            assertEquals(200, live.status(), live.body());
            Management.Answer ready = management.get("/observe/health/ready?exposureLevel=full&data=true");
            assertEquals(200, ready.status(), ready.body());
            assertEquals("UP", ready.check(DatabaseHealthCheck.ID), ready.body());
            assertEquals("UP", ready.check(SqsHealthCheck.ID), ready.body());
            assertEquals("0", ready.json().path("checks").findParents("name").stream()
                    .filter(c -> c.path("name").asText().equals(SqsHealthCheck.ID))
                    .findFirst().orElseThrow().path("data").path("sqs.messages.visible").asText(), "queue drained");
            Management.Answer liveFull = management.get("/observe/health/live?exposureLevel=full");
            assertEquals("", liveFull.check(DatabaseHealthCheck.ID), "readiness-only: not a liveness check");
            assertEquals("", liveFull.check(SqsHealthCheck.ID), "readiness-only: not a liveness check");
            assertNoSecrets(ready.body(), settings);
        }
    }

    @Test
    void readinessIsDownWhileTheDatabaseIsUnreachableAndLivenessStaysUp() throws Exception {
        try (TcpProxy proxy = new TcpProxy(TestDatabase.HOST, TestDatabase.PORT)) {
            Map<String, String> settings = settings(server.endpoint());
            settings.put("db.url", db.jdbcUrl("127.0.0.1", proxy.port()) + "&password=" + settings.get("db.password"));
            Management management = Management.of(settings);
            try (Pipeline pipeline = Pipeline.start(settings)) {
                management.awaitReady(200, "UP");
                queues.send(List.of(new LoginGenerator(7, 0, 0).next()));
                await("a row through the proxy").atMost(Duration.ofSeconds(30)).until(() -> rows(db) == 1);

                proxy.cut();
                Management.Answer down = management.awaitReady(503, "DOWN");
                assertEquals("DOWN", down.check(DatabaseHealthCheck.ID), down.body());
                assertEquals("", down.check(SqsHealthCheck.ID), "SQS is fine, so only the database is listed:\n" + down.body());
                assertTrue(down.json().toString().contains("database " + db.name() + " on 127.0.0.1:" + proxy.port()),
                        "says which database:\n" + down.body());
                Management.Answer data = management.get("/observe/health/ready?data=true");
                assertTrue(data.json().toString().contains("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db.name()),
                        "the details have the JDBC URL, without its query string:\n" + data.body());
                assertEquals(503, management.health().status(), "the overall health includes readiness");
                Management.Answer live = management.live();
                assertEquals(200, live.status(), "liveness stays UP: the pipeline waits for the database\n" + live.body());
                assertTrue(pipeline.isRunning());
                for (String path : List.of("/observe/health/ready?exposureLevel=full&data=true&stackTrace=true",
                        "/observe/health?exposureLevel=full&data=true&stackTrace=true")) {
                    Management.Answer full = management.get(path);
                    assertEquals(503, full.status(), path);
                    assertNoSecrets(full.body(), settings);
                    assertFalse(full.body().contains("reWriteBatchedInserts"), "no query string of the JDBC URL:\n" + full.body());
                }

                proxy.restore();
                management.awaitReady(200, "UP");
                assertEquals(200, management.health().status());
            }
        }
    }

    @Test
    void readinessIsDownWhileSqsIsUnreachable() throws Exception {
        URI sqs = URI.create(server.endpoint());
        try (TcpProxy proxy = new TcpProxy(sqs.getHost(), sqs.getPort())) {
            Map<String, String> settings = settings("http://127.0.0.1:" + proxy.port());
            Management management = Management.of(settings);
            try (Pipeline pipeline = Pipeline.start(settings)) {
                management.awaitReady(200, "UP");

                proxy.cut();
                Management.Answer down = management.awaitReady(503, "DOWN");
                assertEquals("DOWN", down.check(SqsHealthCheck.ID), down.body());
                assertEquals("", down.check(DatabaseHealthCheck.ID), "the database is fine:\n" + down.body());
                assertTrue(down.body().contains(queues.queue), "names the queue:\n" + down.body());
                assertEquals(200, management.live().status(), "liveness stays UP");
                assertTrue(pipeline.isRunning());
                assertNoSecrets(management.get("/observe/health?exposureLevel=full&data=true&stackTrace=true").body(), settings);

                proxy.restore();
                management.awaitReady(200, "UP");
                // and the pipeline still works
                queues.send(List.of(new LoginGenerator(8, 0, 0).next()));
                await("a row after SQS came back").atMost(Duration.ofSeconds(60)).until(() -> rows(db) == 1);
            }
        }
    }

    private static String rejected(Reason reason) {
        return "loginetl_messages_rejected_total{reason=\"" + reason.code() + "\"}";
    }

    private static String sqsRequests(String operation) {
        return "loginetl_sqs_requests_total{operation=\"" + operation + "\"}";
    }

    /** No ip or device_id of any message sent, as a whole token (not as part of a longer number). */
    private static void assertNoMessageValues(String page, List<String> bodies) throws Exception {
        for (String body : bodies) {
            Map<?, ?> event = JSON.readValue(body, Map.class);
            for (String field : List.of("ip", "device_id")) {
                String value = (String) event.get(field);
                Pattern whole = Pattern.compile("(?<![0-9A-Za-z.:-])" + Pattern.quote(value) + "(?![0-9A-Za-z.:-])");
                assertFalse(whole.matcher(page).find(), "the metrics page shows a raw " + field);
            }
        }
    }

    private static void assertNoSecrets(String text, Map<String, String> settings) {
        assertFalse(text.contains(settings.get("db.password")), "the database password is exposed:\n" + text);
        assertFalse(text.contains(settings.get("mask.key")), "the mask key is exposed");
    }
}

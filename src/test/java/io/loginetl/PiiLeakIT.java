package io.loginetl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loginetl.parking.DeadLetterQueue;
import io.loginetl.support.AppProcess;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline, from the real jar, with TRACE logging: no raw ip, device_id, key or password
 * may appear in the log, the DLQ reasons or the metrics page. Also: SQL is built with parameters only.
 */
class PiiLeakIT extends RealPartsTestSupport {

    private static final String INJECTION = "'); DROP TABLE user_logins;--";
    @Test
    void traceLoggingMetricsAndDeadLetterReasonsNeverShowPiiOrSecrets() throws Exception {
        List<String> bodies = new ArrayList<>(TestQueues.sample());
        // Bad messages that still carry PII: parsers and validators must not echo it.
        bodies.add("{\"user_id\": \"u-x\", \"ip\": \"203.0.113.77\", \"device_id\": \"555-66-7777\"");
        bodies.add("203.0.113.78 555-66-7778");
        bodies.add("{\"user_id\": \"u-y\", \"app_version\": \"x9\", \"device_type\": \"ios\", \"ip\": \"203.0.113.79\", "
                + "\"locale\": null, \"device_id\": \"555-66-7779\"}");
        bodies.add("{\"user_id\": \"" + INJECTION + "\", \"app_version\": \"1.0\", \"device_type\": \"ios\", "
                + "\"ip\": \"203.0.113.80\", \"locale\": null, \"device_id\": \"555-66-7780\"}");
        queues.send(bodies);

        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db); // the role's password is random
        String metrics;
        String log;
        try (AppProcess app = AppProcess.start(Path.of("").toAbsolutePath(), settings, Map.of("LOG_LEVEL", "TRACE"))) {
            await("all loaded or parked").atMost(Duration.ofSeconds(120)).until(() -> db.count("SELECT count(*) FROM user_logins") == 100 && queues.depth(queues.queue) == 0);
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + settings.get("camel.management.port") + "/observe/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            metrics = page.body();
            app.terminate();
            assertEquals(0, app.awaitExit(60));
            log = app.output();
        }
        java.nio.file.Files.writeString(Path.of("target", "pii-leak-test.log"), log); // for a human, when this fails
        assertTrue(log.contains("TRACE") || log.contains("DEBUG"), "the log really ran at TRACE");
        assertTrue(metrics.contains("loginetl_rows_inserted_total"), "the metrics page is the real one");

        List<String> dlqReasons = new ArrayList<>();
        for (Message m : queues.drainDlq()) {
            m.messageAttributes().forEach((name, value) -> dlqReasons.add(name + "=" + value.stringValue()));
        }
        // reason, reason-detail, source-message-id, source-sent-timestamp, source-seal, source-queue, failed-at
        assertEquals(4 * 7, dlqReasons.size(), "four parked messages, seven attributes each");

        List<String> secrets = new ArrayList<>(List.of(TestSettings.KEY, db.password(),
                "203.0.113.77", "203.0.113.78", "203.0.113.79", "203.0.113.80",
                "555-66-7777", "555-66-7778", "555-66-7779", "555-66-7780"));
        ObjectMapper json = new ObjectMapper();
        for (String body : TestQueues.sample()) {
            Map<?, ?> event = json.readValue(body, Map.class);
            if (event.get("ip") != null) {
                secrets.add((String) event.get("ip"));
                secrets.add((String) event.get("device_id"));
            }
        }
        for (String secret : secrets) {
            assertFalse(log.contains(secret), "log leaks " + secret.substring(0, 4) + "...");
            assertFalse(metrics.contains(secret), "metrics leak " + secret.substring(0, 4) + "...");
            for (String reason : dlqReasons) {
                assertFalse(reason.contains(secret), "DLQ attribute leaks: " + reason);
            }
        }

        assertEquals(1, db.count("SELECT count(*) FROM user_logins WHERE user_id = '" + INJECTION.replace("'", "''") + "'"),
                "SQL-looking input is stored verbatim, as data");
    }
}

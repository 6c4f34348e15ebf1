package io.loginetl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loginetl.masking.Field;
import io.loginetl.masking.MaskMode;
import io.loginetl.masking.Masker;
import io.loginetl.sqs.DeadLetterQueue;
import io.loginetl.support.Pipeline;
import io.loginetl.support.RealPartsTest;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import io.loginetl.version.AppVersion;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real YAML routes on Camel Main, against ElasticMQ in this JVM and the real Postgres. */
class LoginEventsIT extends RealPartsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @Test
    void sampleLoadsNinetyNineRowsAndParksTheMalformedMessage() throws Exception {
        List<String> sample = TestQueues.sample();
        queues.send(sample);

        try (Pipeline ignored = Pipeline.start(TestSettings.of(server.endpoint(), queues, db))) {
            Pipeline.await(Duration.ofSeconds(60), "99 rows and an empty source queue",
                    () -> db.count("SELECT count(*) FROM user_logins") == 99 && queues.depth(queues.queue) == 0);
        }

        Masker masker = Masker.of(MaskMode.SIV, TestSettings.KEY);
        Map<String, Map<String, Object>> rowsByUser = new HashMap<>();
        for (Map<String, Object> row : db.rows("SELECT * FROM user_logins")) {
            rowsByUser.put((String) row.get("user_id"), row);
        }
        assertEquals(99, rowsByUser.size(), "one row per event");
        int nullLocales = 0;
        for (String body : sample) {
            Map<?, ?> event = JSON.readValue(body, Map.class);
            if (!event.containsKey("user_id")) {
                continue;
            }
            Map<String, Object> row = rowsByUser.get(event.get("user_id"));
            assertNotNull(row, "row for a valid event");
            assertEquals(event.get("device_type"), row.get("device_type"));
            assertEquals(event.get("locale"), row.get("locale"));
            nullLocales += row.get("locale") == null ? 1 : 0;
            assertEquals(AppVersion.parse((String) event.get("app_version")), row.get("app_version"));
            assertNotEquals(event.get("ip"), row.get("masked_ip"));
            assertEquals(event.get("ip"), masker.unmask((String) row.get("masked_ip")).value());
            assertEquals(Field.DEVICE_ID, masker.unmask((String) row.get("masked_device_id")).field());
            assertEquals(event.get("device_id"), masker.unmask((String) row.get("masked_device_id")).value());
            assertEquals(Date.valueOf(LocalDate.now(ZoneOffset.UTC)), row.get("create_date"));
        }
        assertEquals(29, nullLocales, "null locales are stored as SQL NULL");

        List<Message> parked = queues.drainDlq();
        assertEquals(1, parked.size());
        assertEquals("{\"foo\": \"oops_wrong_msg_type\", \"bar\": \"123\"}", parked.get(0).body(), "original body intact");
        assertEquals("missing-field", TestQueues.attribute(parked.get(0), DeadLetterQueue.REASON));
        assertNotNull(TestQueues.attribute(parked.get(0), DeadLetterQueue.SOURCE_MESSAGE_ID));
        assertNotNull(TestQueues.attribute(parked.get(0), DeadLetterQueue.FAILED_AT));
    }

    @Test
    void sameInputGivesSameTokensAcrossRuns() throws Exception {
        List<String> sample = TestQueues.sample();
        for (int run = 1; run <= 2; run++) {
            queues.send(sample);
            int expected = 99 * run;
            try (Pipeline ignored = Pipeline.start(TestSettings.of(server.endpoint(), queues, db))) {
                Pipeline.await(Duration.ofSeconds(60), expected + " rows",
                        () -> db.count("SELECT count(*) FROM user_logins") == expected && queues.depth(queues.queue) == 0);
            }
        }
        assertEquals(99, db.count("SELECT count(DISTINCT masked_ip) FROM user_logins"));
        assertEquals(99, db.count("SELECT count(DISTINCT masked_device_id) FROM user_logins"));
        assertEquals(99, db.count("SELECT count(*) FROM (SELECT user_id FROM user_logins GROUP BY user_id, masked_ip,"
                + " masked_device_id HAVING count(*) = 2) twice"), "each event's two runs carry identical tokens");
        assertNull(db.rows("SELECT masked_ip FROM user_logins WHERE masked_ip LIKE '%.%.%.%'").stream().findAny().orElse(null),
                "no raw IPv4 address stored");
    }

    @Test
    void redeliveredMessagesGiveOneRowEach() throws Exception {
        List<String> sample = TestQueues.sample();
        queues.send(sample);
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        // Batches wait longer than the visibility timeout, so SQS hands the same messages out again
        // before their first batch commits: every message is delivered at least twice.
        settings.put("sqs.visibility-timeout", "1");
        settings.put("batch.max-wait-ms", "2500");
        settings.put("batch.size", "1000");
        try (Pipeline ignored = Pipeline.start(settings)) {
            Pipeline.await(Duration.ofSeconds(90), "every message loaded and deleted",
                    () -> db.count("SELECT count(*) FROM user_logins") >= 99 && queues.depth(queues.queue) == 0);
            Thread.sleep(3000); // let any batch still holding a redelivered copy commit
        }
        assertEquals(99, db.count("SELECT count(*) FROM user_logins"));
        assertEquals(99, db.count("SELECT count(DISTINCT user_id) FROM user_logins"));
        assertTrue(queues.drainDlq().size() >= 1, "the malformed message is parked");
    }
}

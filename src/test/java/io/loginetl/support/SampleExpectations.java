package io.loginetl.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loginetl.message.Origin;
import io.loginetl.masking.Field;
import io.loginetl.masking.MaskMode;
import io.loginetl.masking.Masker;
import io.loginetl.parking.DeadLetterQueue;
import io.loginetl.version.AppVersion;
import software.amazon.awssdk.services.sqs.model.Message;

import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** What loading the real 100-message sample must leave behind, whichever SQS server delivered it. */
public final class SampleExpectations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleExpectations() {
    }

    /**
     * 99 rows, each matching its event (tokens unmask to the raw values, versions encoded, null locales
     * as NULL, create_date today in UTC), and the malformed message parked with its reason and body.
     */
    public static void assertSampleLoaded(List<String> sample, TestDatabase db, TestQueues queues) throws Exception {
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
        assertEquals(1, parked.size(), "only the malformed message is parked");
        assertEquals("{\"foo\": \"oops_wrong_msg_type\", \"bar\": \"123\"}", parked.get(0).body(), "original body intact");
        assertEquals("missing-field", TestQueues.attribute(parked.get(0), DeadLetterQueue.REASON));
        assertNotNull(TestQueues.attribute(parked.get(0), Origin.SOURCE_MESSAGE_ID));
        assertNotNull(TestQueues.attribute(parked.get(0), DeadLetterQueue.FAILED_AT));
        assertEquals(0, queues.depth(queues.queue), "source queue empty");
    }
}

package io.loginetl;

import io.loginetl.masking.MaskMode;
import io.loginetl.message.Origin;
import io.loginetl.origin.RedriveSeal;
import io.loginetl.parking.DeadLetterQueue;
import io.loginetl.support.AppProcess;
import io.loginetl.support.Management;
import io.loginetl.support.Pipeline;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every class of permanent failure ends in the DLQ once, with its reason, and leaves the source queue. */
class RejectionsIT extends RealPartsTestSupport {

    static String login(String userId, String version, String ip, String deviceId, String locale) {
        return "{\"user_id\": " + userId + ", \"app_version\": " + version + ", \"device_type\": \"ios\", \"ip\": " + ip
                + ", \"locale\": " + locale + ", \"device_id\": " + deviceId + "}";
    }

    static String quoted(String s) {
        return "\"" + s + "\"";
    }

    @Test
    void everyRejectionClassGoesToTheDeadLetterQueueOnceWithItsReason() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("{\"user_id\": \"u1\", \"ip\": \"10.1.1.1\"", "malformed-json");
        expected.put("not json at 10.9.9.9", "malformed-json");
        expected.put("[\"10.2.2.2\", \"111-22-3333\"]", "not-a-json-object");
        expected.put("\"just a string\"", "not-a-json-object");
        expected.put("{\"foo\": \"oops_wrong_msg_type\", \"bar\": \"123\"}", "missing-field");
        expected.put(login("\"\"", "\"1.0\"", "\"10.3.3.3\"", "\"111-22-0001\"", "null"), "missing-field");
        expected.put(login(quoted("u-no-device"), "\"1.0\"", "\"10.3.3.4\"", "null", "null"), "missing-field");
        expected.put(login("12345", "\"1.0\"", "\"10.4.4.4\"", "\"111-22-0002\"", "null"), "wrong-type");
        expected.put(login(quoted("u".repeat(129)), "\"1.0\"", "\"10.5.5.5\"", "\"111-22-0003\"", "null"), "field-too-long");
        expected.put(login(quoted("u-long-locale"), "\"1.0\"", "\"10.5.5.6\"", "\"111-22-0004\"", quoted("x".repeat(33))), "field-too-long");
        expected.put(login(quoted("u-nul\\u0000"), "\"1.0\"", "\"10.5.5.7\"", "\"111-22-0009\"", "null"), "invalid-character");
        expected.put(login(quoted("u-bad-ip"), "\"1.0\"", "\"300.1.2.3\"", "\"111-22-0005\"", "null"), "invalid-ip");
        expected.put(login(quoted("u-host-ip"), "\"1.0\"", "\"example.com\"", "\"111-22-0006\"", "null"), "invalid-ip");
        expected.put(login(quoted("u-blank-device"), "\"1.0\"", "\"10.6.6.6\"", "\"   \"", "null"), "invalid-device-id");
        expected.put(login(quoted("u-bad-version"), "\"two\"", "\"10.7.7.7\"", "\"111-22-0007\"", "null"), "invalid-app-version");
        expected.put(login(quoted("u-big-version"), "\"1.1000\"", "\"10.7.7.8\"", "\"111-22-0008\"", "null"), "invalid-app-version");
        List<String> good = List.of(
                login(quoted("u-good-1"), "\"2.3.0\"", "\"199.172.111.135\"", "\"593-47-5928\"", quoted("RU")),
                login(quoted("u-good-2"), "\"0.96\"", "\"2001:DB8::1\"", "\"104-25-0070\"", "null"),
                "{\"user_id\": \"u-good-3\", \"app_version\": \"1\", \"device_type\": \"android\", \"ip\": \"224.0.0.1\", "
                        + "\"device_id\": \"127-42-0862\", \"unknown\": {\"nested\": true}}");
        List<String> all = new ArrayList<>(expected.keySet());
        all.addAll(good);
        queues.send(all);

        try (Pipeline ignored = Pipeline.start(TestSettings.of(server.endpoint(), queues, db))) {
            await("good rows loaded, bad ones parked, source queue empty").atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM user_logins") == good.size()
                            && queues.depth(queues.dlq) == expected.size() && queues.depth(queues.queue) == 0);
        }
        Map<String, String> parked = new HashMap<>();
        for (Message m : queues.drainDlq()) {
            assertFalse(parked.containsKey(m.body()), "parked once: " + m.body());
            parked.put(m.body(), TestQueues.attribute(m, DeadLetterQueue.REASON));
            String detail = TestQueues.attribute(m, DeadLetterQueue.REASON_DETAIL);
            assertNotNull(detail);
            for (String pii : List.of("10.", "111-22", "300.1.2.3", "example.com")) {
                assertFalse(detail.contains(pii), "the reason carries no value from the message: " + detail);
            }
            assertNotNull(TestQueues.attribute(m, Origin.SOURCE_MESSAGE_ID));
            assertEquals(queues.queue, TestQueues.attribute(m, DeadLetterQueue.SOURCE_QUEUE));
            assertNotNull(TestQueues.attribute(m, DeadLetterQueue.FAILED_AT));
        }
        assertEquals(expected, parked, "each bad message parked with its reason and its original body");
        assertEquals(List.of("1000000"), db.rows("SELECT app_version FROM user_logins WHERE user_id = 'u-good-3'").stream()
                .map(r -> r.get("app_version").toString()).toList(), "unknown extra fields are ignored");
    }

    @Test
    void aRowTheDatabaseRefusesIsParkedWhileTheRestOfItsBatchLoads() throws Exception {
        // A constraint a DBA added: the database, not the validator, refuses this one row.
        createSchema();
        db.execute("ALTER TABLE user_logins ADD CONSTRAINT no_blocked_users CHECK (user_id <> 'blocked-user')");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            bodies.add(login(quoted("u-" + i), "\"1.2\"", quoted("10.0.0." + i), quoted("111-22-" + (1000 + i)), "null"));
        }
        String refused = login(quoted("blocked-user"), "\"1.2\"", "\"10.0.1.1\"", "\"111-23-0000\"", "null");
        bodies.add(20, refused);
        queues.send(bodies);

        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        settings.put("batch.size", "100");
        settings.put("batch.max-wait-ms", "2000"); // all messages in one batch
        try (Pipeline ignored = Pipeline.start(settings)) {
            await("40 rows and 1 parked").atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM user_logins") == 40 && queues.depth(queues.dlq) == 1
                            && queues.depth(queues.queue) == 0);
        }
        List<Message> parked = queues.drainDlq();
        assertEquals(1, parked.size());
        assertEquals(refused, parked.get(0).body());
        assertEquals("rejected-by-database", TestQueues.attribute(parked.get(0), DeadLetterQueue.REASON));
        assertEquals(40, db.count("SELECT count(*) FROM login_etl_ledger"), "refused rows leave no ledger entry");
    }

    /**
     * A NUL is valid JSON but Postgres text cannot hold it. The validator parks it (invalid-character)
     * before the database sees it, so the batch it arrived with is still written by one set-based
     * statement: the row-by-row fallback, which records one batch per row, never runs.
     */
    @Test
    void aControlCharacterIsParkedUpFrontAndItsBatchStillLoadsInOneStatement() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            bodies.add(login(quoted("u-" + i), "\"1.2\"", quoted("10.0.0." + i), quoted("111-22-" + (1000 + i)), "null"));
        }
        String nul = login(quoted("u-nul\\u0000"), "\"1.2\"", "\"10.0.1.2\"", "\"111-23-0001\"", "null");
        String escape = login(quoted("u-escape"), "\"1.2\"", "\"10.0.1.3\"", "\"111-23-0002\"", quoted("R\\u001bU"));
        bodies.add(20, nul);
        bodies.add(escape);
        queues.send(bodies);

        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        settings.put("batch.size", "100");
        settings.put("batch.max-wait-ms", "3000"); // one batch, or two if the interval ticks mid-receive
        Management management = Management.of(settings);
        Map<String, Double> metrics;
        try (Pipeline ignored = Pipeline.start(settings)) {
            await("40 rows and 2 parked").atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM user_logins") == 40 && queues.depth(queues.dlq) == 2
                            && queues.depth(queues.queue) == 0);
            await("the counters to catch up").atMost(Duration.ofSeconds(10)).until(() -> management.metrics().getOrDefault("loginetl_rows_inserted_total", 0.0) == 40);
            metrics = management.metrics();
        }
        assertEquals(40, metrics.get("loginetl_batch_size_sum"), "every row committed in a batch");
        assertTrue(metrics.get("loginetl_batch_size_count") <= 2,
                "set-based batches, not 40 single-row inserts: " + metrics.get("loginetl_batch_size_count") + " batches");
        assertEquals(2, metrics.get("loginetl_messages_rejected_total{reason=\"invalid-character\"}"));
        assertEquals(0, metrics.get("loginetl_messages_rejected_total{reason=\"rejected-by-database\"}"));

        Map<String, String> details = new HashMap<>();
        for (Message m : queues.drainDlq()) {
            assertEquals("invalid-character", TestQueues.attribute(m, DeadLetterQueue.REASON), m.body());
            details.put(m.body(), TestQueues.attribute(m, DeadLetterQueue.REASON_DETAIL));
        }
        assertEquals(Map.of(nul, "invalid-character: user_id contains a control character (U+0000)",
                escape, "invalid-character: locale contains a control character (U+001B)"), details);
        assertEquals(40, db.count("SELECT count(*) FROM login_etl_ledger"), "parked messages leave no ledger entry");
    }

    @Test
    void aMessageDeliveredTooOftenIsParkedInsteadOfRetriedForever() throws Exception {
        queues.send(List.of(login(quoted("u-poison"), "\"1.0\"", "\"10.8.8.8\"", "\"111-22-9999\"", "null")));
        for (int i = 0; i < 3; i++) { // three earlier deliveries that never completed
            assertEquals(1, queues.sqs.receiveMessage(b -> b.queueUrl(queues.queueUrl).visibilityTimeout(0)
                    .waitTimeSeconds(2)).messages().size());
        }
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        settings.put("sqs.max-receives", "3");
        try (Pipeline ignored = Pipeline.start(settings)) {
            await("parked").atMost(Duration.ofSeconds(30)).until(() -> queues.depth(queues.dlq) == 1 && queues.depth(queues.queue) == 0);
        }
        assertEquals("too-many-receives", TestQueues.attribute(queues.drainDlq().get(0), DeadLetterQueue.REASON));
        assertEquals(0, db.count("SELECT count(*) FROM user_logins"));
    }

    @Test
    void redriveMovesParkedMessagesBackToTheSourceQueue() throws Exception {
        queues.send(List.of("broken 1", "broken 2", "broken 3"));
        try (Pipeline ignored = Pipeline.start(TestSettings.of(server.endpoint(), queues, db))) {
            await("parked").atMost(Duration.ofSeconds(30)).until(() -> queues.depth(queues.dlq) == 3 && queues.depth(queues.queue) == 0);
        }
        try (AppProcess redrive = AppProcess.start(TestSettings.of(server.endpoint(), queues, db), "redrive")) {
            assertEquals(0, redrive.awaitExit(60), redrive.output());
            assertTrue(redrive.output().contains("moved 3 message(s)"), redrive.output());
        }
        assertEquals(0, queues.depth(queues.dlq));
        assertEquals(3, queues.depth(queues.queue));
        List<String> bodies = new ArrayList<>();
        for (Message m : queues.sqs.receiveMessage(b -> b.queueUrl(queues.queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
            bodies.add(m.body());
        }
        assertEquals(List.of("broken 1", "broken 2", "broken 3"), bodies.stream().sorted().toList(), "bodies intact");
    }

    @Test
    void aRedrivenMessageThatIsStillBadIsParkedAgain() throws Exception {
        queues.send(List.of("broken 1", "broken 2"));
        try (Pipeline ignored = Pipeline.start(TestSettings.of(server.endpoint(), queues, db))) {
            await("parked").atMost(Duration.ofSeconds(30)).until(() -> queues.depth(queues.dlq) == 2 && queues.depth(queues.queue) == 0);
        }
        Map<String, String> firstParks = new HashMap<>();
        for (Message m : peekDlq()) {
            firstParks.put(m.body(), TestQueues.attribute(m, Origin.SOURCE_MESSAGE_ID));
        }
        redrive(2);
        try (Pipeline ignored = Pipeline.start(TestSettings.of(server.endpoint(), queues, db))) {
            await("parked again").atMost(Duration.ofSeconds(30)).until(() -> queues.depth(queues.dlq) == 2 && queues.depth(queues.queue) == 0);
        }
        Map<String, String> secondParks = new HashMap<>();
        for (Message m : queues.drainDlq()) {
            assertFalse(secondParks.containsKey(m.body()), "parked once: " + m.body());
            secondParks.put(m.body(), TestQueues.attribute(m, Origin.SOURCE_MESSAGE_ID));
        }
        assertEquals(firstParks, secondParks, "each parked again, still known by its original id");
        assertEquals(4, db.count("SELECT count(*) FROM login_etl_parked"),
                "a redriven message is a new SQS message, recorded under its own id");
    }

    @Test
    void aMessageParkedTwiceAndRedrivenTwiceStillLoadsOnce() throws Exception {
        createSchema();
        // The database refuses this login (a constraint a DBA added), so it is parked, with its sealed origin
        db.execute("ALTER TABLE user_logins ADD CONSTRAINT no_u_parked_twice CHECK (user_id <> 'u-parked-twice')");
        String body = login(quoted("u-parked-twice"), "\"1.0\"", "\"10.9.1.1\"", "\"111-29-0001\"", "null");
        queues.send(List.of(body, login(quoted("u-loaded"), "\"1.0\"", "\"10.9.1.2\"", "\"111-29-0002\"", "null")));
        try (Pipeline ignored = Pipeline.start(TestSettings.of(server.endpoint(), queues, db))) {
            await("one row, one parked").atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM user_logins") == 1
                    && queues.depth(queues.dlq) == 1 && queues.depth(queues.queue) == 0);
        }
        // A crash between the DLQ send and the parking record leaves two copies: same body, same attributes
        Message parked = peekDlq().get(0);
        assertEquals("rejected-by-database", TestQueues.attribute(parked, DeadLetterQueue.REASON));
        queues.sqs.sendMessage(b -> b.queueUrl(dlqUrl()).messageBody(parked.body()).messageAttributes(parked.messageAttributes()));
        db.execute("ALTER TABLE user_logins DROP CONSTRAINT no_u_parked_twice");

        redrive(2);
        try (Pipeline ignored = Pipeline.start(TestSettings.of(server.endpoint(), queues, db))) {
            await("redriven messages handled").atMost(Duration.ofSeconds(30)).until(() -> queues.depth(queues.queue) == 0
                    && db.count("SELECT count(*) FROM login_etl_ledger") == 2);
        }
        assertEquals(1, db.count("SELECT count(*) FROM user_logins WHERE user_id = 'u-parked-twice'"), "loaded once");
        assertEquals(1, db.count("SELECT count(*) FROM login_etl_ledger WHERE message_id = '"
                + TestQueues.attribute(parked, Origin.SOURCE_MESSAGE_ID) + "'"),
                "the ledger knows a redriven message by its original id");
        assertEquals(0, queues.depth(queues.dlq));
    }

    @Test
    void aClaimedEarlierIdWithoutAValidSealIsIgnored() throws Exception {
        // Loaded first: message A, whose id is in the ledger; parked first: a malformed message, with its seal
        queues.send(List.of(login(quoted("u-a"), "\"1.0\"", "\"10.9.2.1\"", "\"111-39-0001\"", "null"), "broken"));
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        try (Pipeline ignored = Pipeline.start(settings)) {
            await("A loaded, the other parked").atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM user_logins") == 1
                    && queues.depth(queues.dlq) == 1 && queues.depth(queues.queue) == 0);
        }
        String loadedId = (String) db.rows("SELECT message_id FROM login_etl_ledger").get(0).get("message_id");
        Message parked = peekDlq().get(0);
        String parkedId = TestQueues.attribute(parked, Origin.SOURCE_MESSAGE_ID);

        // A producer names A's id: with no seal, with a made-up one, and with a real seal copied from the
        // parked message onto another body (and once with A's id in place of the parked one's)
        Map<String, Map<String, MessageAttributeValue>> forged = new LinkedHashMap<>();
        forged.put("u-no-seal", Map.of(Origin.SOURCE_MESSAGE_ID, text(loadedId)));
        forged.put("u-made-up-seal", Map.of(Origin.SOURCE_MESSAGE_ID, text(loadedId),
                Origin.SOURCE_SEAL, text("AZxKbm90LWEtcmVhbC1zZWFsLWF0LWFsbA")));
        Map<String, MessageAttributeValue> copied = new HashMap<>(parked.messageAttributes());
        copied.keySet().retainAll(Origin.ATTRIBUTES);
        forged.put("u-copied-seal", copied);
        Map<String, MessageAttributeValue> copiedWithAsId = new HashMap<>(copied);
        copiedWithAsId.put(Origin.SOURCE_MESSAGE_ID, text(loadedId));
        forged.put("u-copied-seal-a-id", copiedWithAsId);
        int n = 0;
        for (Map.Entry<String, Map<String, MessageAttributeValue>> f : forged.entrySet()) {
            String body = login(quoted(f.getKey()), "\"1.0\"", "\"10.9.2." + (10 + n) + "\"", "\"111-39-" + (1000 + n++) + "\"", "null");
            queues.sqs.sendMessage(b -> b.queueUrl(queues.queueUrl).messageBody(body).messageAttributes(f.getValue()));
        }
        try (Pipeline ignored = Pipeline.start(settings)) {
            await("every forged claim loaded").atMost(Duration.ofSeconds(30)).until(() -> queues.depth(queues.queue) == 0
                    && db.count("SELECT count(*) FROM user_logins") == 1 + forged.size());
            assertEquals(forged.size(), Management.parse(Management.of(settings).metricsPage())
                    .get("loginetl_redrive_claims_rejected_total"), "each ignored claim counted");
        }
        for (String user : forged.keySet()) {
            assertEquals(1, db.count("SELECT count(*) FROM user_logins WHERE user_id = '" + user + "'"), user + " loaded");
        }
        assertEquals(1 + forged.size(), db.count("SELECT count(*) FROM login_etl_ledger"), "each under its own id");
        assertEquals(0, db.count("SELECT count(*) FROM login_etl_ledger WHERE message_id = '" + parkedId + "'"),
                "a seal copied onto another body does not lend its id");
    }

    @Test
    void aRedrivenMessageIsDatedByTheDayItWasFirstSent() throws Exception {
        // Stands in for a message parked three days ago: the attributes parking gives it, sealed with the
        // pipeline's own key and code, as parking does
        Instant sent = Instant.now().minus(3, ChronoUnit.DAYS);
        String originalId = "first-sent-three-days-ago";
        String body = login(quoted("u-three-days-ago"), "\"1.0\"", "\"10.9.3.1\"", "\"111-49-0001\"", "null");
        String seal = RedriveSeal.of(MaskMode.SIV, TestSettings.KEY).seal(originalId, Long.toString(sent.toEpochMilli()), body);
        queues.sqs.sendMessage(b -> b.queueUrl(dlqUrl()).messageBody(body).messageAttributes(Map.of(
                Origin.SOURCE_MESSAGE_ID, text(originalId),
                Origin.SOURCE_SENT_TIMESTAMP, text(Long.toString(sent.toEpochMilli())),
                Origin.SOURCE_SEAL, text(seal))));

        redrive(1);
        try (Pipeline ignored = Pipeline.start(TestSettings.of(server.endpoint(), queues, db))) {
            await("loaded").atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM user_logins") == 1
                    && queues.depth(queues.queue) == 0);
        }
        assertEquals(Date.valueOf(LocalDate.ofInstant(sent, ZoneOffset.UTC)),
                db.rows("SELECT create_date FROM user_logins").get(0).get("create_date"), "the day it was first sent");
        assertEquals(1, db.count("SELECT count(*) FROM login_etl_ledger WHERE message_id = '" + originalId + "'"));
    }

    private void createSchema() throws Exception {
        try (Pipeline ignored = Pipeline.start(TestSettings.of(server.endpoint(), queues, db))) {
            await("schema").atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM login_etl_ledger") == 0
                    && !db.rows("SELECT 1 FROM pg_tables WHERE tablename = 'user_logins'").isEmpty());
        }
    }

    private void redrive(int expected) throws Exception {
        try (AppProcess redrive = AppProcess.start(TestSettings.of(server.endpoint(), queues, db), "redrive")) {
            assertEquals(0, redrive.awaitExit(60), redrive.output());
            assertTrue(redrive.output().contains("moved " + expected + " message(s)"), redrive.output());
        }
    }

    private String dlqUrl() {
        return queues.sqs.createQueue(b -> b.queueName(queues.dlq)).queueUrl();
    }

    /** The DLQ's messages with their attributes, left in the DLQ. */
    private List<Message> peekDlq() {
        return queues.sqs.receiveMessage(b -> b.queueUrl(dlqUrl()).maxNumberOfMessages(10).messageAttributeNames("All")
                .visibilityTimeout(0).waitTimeSeconds(1)).messages();
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}

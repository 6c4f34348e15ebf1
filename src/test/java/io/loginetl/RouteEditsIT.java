package io.loginetl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loginetl.parking.DeadLetterQueue;
import io.loginetl.support.AppProcess;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.RouteFiles;
import io.loginetl.support.RouteYaml;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edits people make to the route, made the way they make them: on a copy of the route files next to the jar as
 * shipped, nothing rebuilt, and run on the real sample. Whatever the edit, every message is settled: loaded, parked
 * (only the sample's malformed one), or deleted as filtered; none comes back until it is parked as too-many-receives
 * (each run receives with a 5 s visibility timeout and parks after 3 receives, so a message left behind would be).
 */
class RouteEditsIT extends RealPartsTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROUTE = RouteFiles.LOGIN_EVENTS;
    private static final String INSERT = RouteFiles.INSERT;
    private static final String MALFORMED = "{\"foo\": \"oops_wrong_msg_type\", \"bar\": \"123\"}";
    private static final Map<String, Object> STOP = Map.of("stop", Map.of());

    @Test
    void aFilterWithStopDeletesTheMessagesItSkips(@TempDir Path dir) throws Exception {
        RouteFiles.copyTo(dir);
        RouteYaml route = RouteYaml.read(dir.resolve(ROUTE));
        route.insertAfter("validate", Map.of("filter", Map.of("id", "skip-ios", "simple", "${body[device_type]} == 'ios'",
                "steps", List.of(STOP))));
        route.write(dir.resolve(ROUTE));

        String output = loadTheSample(dir);

        assertEquals(48, db.count("SELECT count(*) FROM user_logins"), "the android logins");
        assertEquals(0, db.count("SELECT count(*) FROM user_logins WHERE device_type = 'ios'"));
        assertOnlyTheMalformedMessageParked();
        assertTrue(output.contains("filtered=51"), "the 51 ios logins counted as filtered:\n" + output);
    }

    @Test
    void aChoiceThatForwardsSomeLoginsToAnotherQueueSendsEachOnceAndDeletesIt(@TempDir Path dir) throws Exception {
        String iosQueue = queues.queue + "-ios";
        String iosUrl = queues.sqs.createQueue(b -> b.queueName(iosQueue)).queueUrl();
        RouteFiles.copyTo(dir);
        RouteYaml route = RouteYaml.read(dir.resolve(ROUTE));
        route.insertAfter("validate", Map.of("choice", Map.of("id", "forward-ios", "when", List.of(Map.of(
                "simple", "${body[device_type]} == 'ios'",
                "steps", List.of(Map.of("marshal", Map.of("json", Map.of())), Map.of("to", "aws2-sqs:" + iosQueue), STOP))))));
        route.write(dir.resolve(ROUTE));

        loadTheSample(dir);

        assertEquals(48, db.count("SELECT count(*) FROM user_logins"), "the android logins");
        List<String> forwarded = new ArrayList<>();
        List<Message> batch;
        do {
            batch = queues.sqs.receiveMessage(b -> b.queueUrl(iosUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            batch.forEach(m -> forwarded.add(m.body()));
        } while (!batch.isEmpty());
        Set<Object> users = new HashSet<>();
        for (String body : forwarded) {
            Map<?, ?> event = JSON.readValue(body, Map.class);
            assertEquals("ios", event.get("device_type"));
            users.add(event.get("user_id"));
        }
        assertEquals(51, forwarded.size(), "each ios login forwarded once");
        assertEquals(51, users.size());
        assertOnlyTheMalformedMessageParked();
    }

    @Test
    void maskingUserIdInPlaceIsAnEditOfTheMaskStepAndUnmaskFollowsIt(@TempDir Path dir) throws Exception {
        RouteFiles.copyTo(dir);
        RouteYaml route = RouteYaml.read(dir.resolve(ROUTE));
        route.beanProperties("maskProcessor").put("fields", "ip=masked_ip, device_id=masked_device_id, user_id");
        route.write(dir.resolve(ROUTE));

        loadTheSample(dir);

        List<String> tokens = db.rows("SELECT user_id FROM user_logins").stream().map(r -> (String) r.get("user_id")).toList();
        Set<String> sampleUsers = sampleUserIds();
        assertEquals(99, tokens.size());
        assertTrue(tokens.stream().noneMatch(sampleUsers::contains), "no raw user_id stored");
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        List<String> command = new ArrayList<>(List.of("unmask"));
        command.addAll(tokens);
        try (AppProcess unmask = AppProcess.start(dir, settings, command.toArray(String[]::new))) {
            assertEquals(0, unmask.awaitExit(60), unmask.output());
            assertEquals(sampleUsers, new HashSet<>(unmask.output().lines().filter(l -> !l.isBlank()).toList()),
                    "unmask gives the original user ids");
        }
    }

    @Test
    void anInsertEditedToFillAnAddedColumnLoadsIt(@TempDir Path dir) throws Exception {
        db.execute("CREATE TABLE user_logins(user_id varchar(128), device_type varchar(32), masked_ip varchar(256),"
                + " masked_device_id varchar(256), locale varchar(32), app_version integer, create_date date)");
        db.execute("ALTER TABLE user_logins ADD COLUMN sqs_message_id varchar(128)");
        RouteFiles.copyTo(dir);
        editInsert(dir, "INSERT INTO user_logins(user_id,", "INSERT INTO user_logins(sqs_message_id, user_id,",
                "SELECT b.user_id,", "SELECT b.message_id, b.user_id,");

        loadTheSample(dir);

        assertEquals(99, db.count("SELECT count(*) FROM user_logins WHERE sqs_message_id IS NOT NULL"));
        assertEquals(99, db.count("SELECT count(DISTINCT sqs_message_id) FROM user_logins"));
        assertEquals(99, db.count("SELECT count(*) FROM user_logins u JOIN login_etl_ledger l ON l.message_id = u.sqs_message_id"),
                "the column holds each row's SQS message id, as the ledger knows it");
        assertOnlyTheMalformedMessageParked();
    }

    @Test
    void anInsertNamingAColumnThatDoesNotExistStopsTheStartWithOneLineBeforeAnythingIsReceived(@TempDir Path dir) throws Exception {
        RouteFiles.copyTo(dir);
        editInsert(dir, "masked_device_id, locale, app_version, create_date)\nSELECT", "masked_device_id, country, app_version, create_date)\nSELECT");
        queues.send(TestQueues.sample());

        String failure = failedStart(dir);

        assertTrue(failure.contains("the insert file:routes/insert-user-logins.sql"), failure);
        assertTrue(failure.contains("column \"country\" of relation \"user_logins\" does not exist"), failure);
        assertNothingReceived();
    }

    @Test
    void removingTheBatchStepStopsTheStartWithOneLineNamingTheStepToRestore(@TempDir Path dir) throws Exception {
        RouteFiles.copyTo(dir);
        RouteYaml route = RouteYaml.read(dir.resolve(ROUTE));
        route.remove("batch-rows");
        route.write(dir.resolve(ROUTE));
        queues.send(TestQueues.sample());

        String failure = failedStart(dir);

        assertTrue(failure.contains("route login-events") && failure.contains("has no batch step")
                && failure.contains("restore the step batch-rows"), failure);
        assertNothingReceived();
    }

    @Test
    void aStepThatReplacesTheBodyStillParksEachMessageWithItsBodyAsReceived(@TempDir Path dir) throws Exception {
        RouteFiles.copyTo(dir);
        RouteYaml route = RouteYaml.read(dir.resolve(ROUTE));
        route.insertAfter("parse-json", Map.of("setBody", Map.of("constant", "not the message")));
        route.write(dir.resolve(ROUTE));

        loadTheSample(dir);

        assertEquals(0, db.count("SELECT count(*) FROM user_logins"));
        List<Message> parked = queues.drainDlq();
        assertEquals(new HashSet<>(TestQueues.sample()), new HashSet<>(parked.stream().map(Message::body).toList()),
                "every body as received, not what the step made of it");
        assertEquals(100, parked.size());
        assertEquals(0, queues.depth(queues.queue));
    }

    /** Runs the jar on the copied route files until the queue is drained; its output. */
    private String loadTheSample(Path dir) throws Exception {
        queues.send(TestQueues.sample());
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        settings.put("camel.main.duration-max-idle-seconds", "3");
        settings.put("sqs.visibility-timeout", "5");
        settings.put("sqs.max-receives", "3");
        try (AppProcess app = AppProcess.start(dir, settings)) {
            assertEquals(0, app.awaitExit(180), app.output());
            assertEquals(0, queues.depth(queues.queue), "the source queue is drained");
            return app.output();
        }
    }

    /** Starts the jar on the copied route files, expecting a failed start; the one line it gives. */
    private String failedStart(Path dir) throws Exception {
        try (AppProcess app = AppProcess.start(dir, TestSettings.of(server.endpoint(), queues, db))) {
            assertEquals(1, app.awaitExit(120), app.output());
            List<String> lines = app.output().lines().filter(l -> l.startsWith("login-etl: ")).toList();
            assertEquals(1, lines.size(), app.output());
            return lines.get(0);
        }
    }

    private void assertNothingReceived() {
        assertEquals(100, queues.depth(queues.queue), "every message still in the queue");
        assertEquals(0, queues.inFlight(queues.queue), "none received");
        assertEquals(0, db.count("SELECT count(*) FROM user_logins"));
    }

    private void assertOnlyTheMalformedMessageParked() {
        List<Message> parked = queues.drainDlq();
        assertEquals(List.of(MALFORMED), parked.stream().map(Message::body).toList(), "only the sample's malformed message");
        assertEquals("missing-field", TestQueues.attribute(parked.get(0), DeadLetterQueue.REASON));
    }

    private static Set<String> sampleUserIds() throws IOException {
        Set<String> users = new HashSet<>();
        for (String body : TestQueues.sample()) {
            Object user = JSON.readValue(body, Map.class).get("user_id");
            if (user != null) {
                users.add((String) user);
            }
        }
        return users;
    }

    /** Replaces text in the copied insert, checking each piece is there. */
    private static void editInsert(Path dir, String... fromTo) throws IOException {
        Path insert = dir.resolve(INSERT);
        String sql = Files.readString(insert);
        for (int i = 0; i < fromTo.length; i += 2) {
            assertTrue(sql.contains(fromTo[i]), "the insert has: " + fromTo[i]);
            sql = sql.replace(fromTo[i], fromTo[i + 1]);
        }
        Files.writeString(insert, sql);
    }
}

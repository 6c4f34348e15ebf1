package io.loginetl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loginetl.health.SqsHealthCheck;
import io.loginetl.health.SqsRoutesHealthCheck;
import io.loginetl.parking.DeadLetterQueue;
import io.loginetl.support.AppProcess;
import io.loginetl.support.Management;
import io.loginetl.support.Pipeline;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.RouteFiles;
import io.loginetl.support.RouteYaml;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import io.loginetl.tools.EmbeddedSqs;
import io.loginetl.tools.LoginGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The route and the settings are files next to the jar, not inside it: an edited copy of
 * routes/login-events.camel.yaml and application.properties changes what the same jar does, with no
 * rebuild; and with the dev profile an edit takes effect while the pipeline runs, with no restart.
 */
class RouteFileEditIT extends RealPartsTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final String ROUTE = "routes/login-events.camel.yaml";
    /** The edit: right after the validate step, ios logins are parked in the DLQ instead of loaded. */
    private static final Map<String, Object> PARK_IOS = Map.of("filter", Map.of(
            "id", "park-ios",
            "simple", "${body[device_type]} == 'ios'",
            "steps", List.of(Map.of("throwException", Map.of(
                    "exceptionType", "io.loginetl.message.ParkException",
                    "message", "ios logins are parked by the edited route")))));

    @Test
    void editedCopiesOfTheRouteAndSettingsChangeWhatTheJarDoes(@TempDir Path dir) throws Exception {
        copyProjectFiles(dir, "application.properties");
        editRoute(dir);
        // The queue comes from the copied application.properties, not from -D: the working
        // directory's file overrides the defaults inside the jar
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        settings.remove("sqs.queue");
        Path properties = dir.resolve("application.properties");
        String original = Files.readString(properties);
        assertTrue(original.contains("\nsqs.queue=login-queue\n"), "the copy names the default queue");
        Files.writeString(properties, original.replace("\nsqs.queue=login-queue\n", "\nsqs.queue=" + queues.queue + "\n"));
        settings.put("camel.main.duration-max-idle-seconds", "5");

        List<String> logins = logins(200, 11);
        queues.send(logins);
        long ios = count(logins, "ios");
        try (AppProcess app = AppProcess.start(dir, settings)) {
            assertEquals(0, app.awaitExit(120), app.output());
        }

        assertEquals(logins.size() - ios, db.count("SELECT count(*) FROM user_logins"), "android logins loaded");
        assertEquals(0, db.count("SELECT count(*) FROM user_logins WHERE device_type = 'ios'"), "no ios row");
        assertParked(queues.drainDlq(), ios);
        assertEquals(0, queues.depth(queues.queue));
    }

    @Test
    void aRouteEditedToReadAnotherQueueDeletesAndParksWhatItReadsFromThatQueue(@TempDir Path dir) throws Exception {
        // The user edits only the route's from; SQS_QUEUE still names another queue, which exists and stays empty
        copyProjectFiles(dir);
        Path route = dir.resolve(ROUTE);
        RouteYaml yaml = RouteYaml.read(route);
        assertTrue(String.valueOf(yaml.from("login-events").get("uri")).startsWith("aws2-sqs:"), "the route reads SQS");
        yaml.from("login-events").put("uri", "aws2-sqs:edited-queue");
        yaml.write(route);
        String editedUrl = queues.sqs.createQueue(b -> b.queueName("edited-queue")).queueUrl();
        List<String> sample = TestQueues.sample();
        Iterator<String> bodies = sample.iterator();
        EmbeddedSqs.fill(queues.sqs, editedUrl, sample.size(), bodies::next);
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        settings.put("camel.main.duration-max-idle-seconds", "5");

        try (AppProcess app = AppProcess.start(dir, settings)) {
            assertEquals(0, app.awaitExit(120), "exits on its idle timeout:\n" + app.output());
            assertFalse(app.output().contains("ReceiptHandleIsInvalid"), app.output());
        }
        assertEquals(99, db.count("SELECT count(DISTINCT user_id) FROM user_logins"), "99 rows");
        assertEquals(99, db.count("SELECT count(*) FROM user_logins"), "each once");
        assertEquals(0, queues.depth("edited-queue"), "every message deleted from the queue it was read from");
        List<Message> parked = queues.drainDlq();
        assertEquals(1, parked.size(), "the DLQ holds exactly the one bad message");
        assertEquals("{\"foo\": \"oops_wrong_msg_type\", \"bar\": \"123\"}", parked.get(0).body());
        assertEquals("edited-queue", TestQueues.attribute(parked.get(0), DeadLetterQueue.SOURCE_QUEUE));
        assertEquals(0, queues.depth(queues.queue), "the queue SQS_QUEUE names is untouched");
    }

    @Test
    void aSecondRouteFileReadingASecondQueueNeedsNothingElse(@TempDir Path dir) throws Exception {
        // The user copies the receiving route into a second file, gives its steps their own ids and points
        // it at a second queue; the routes share the store-batch route and the error handling.
        copyProjectFiles(dir);
        RouteYaml second = RouteYaml.ofRouteWithPrefixedIds(RouteYaml.read(dir.resolve(ROUTE)).route("login-events"), "second-");
        second.from("second-login-events").put("uri", "aws2-sqs:second-queue");
        second.write(dir.resolve("routes/second-queue.camel.yaml"));
        String secondUrl = queues.sqs.createQueue(b -> b.queueName("second-queue")).queueUrl();
        List<String> more = logins(50, 14);
        Iterator<String> bodies = more.iterator();
        EmbeddedSqs.fill(queues.sqs, secondUrl, more.size(), bodies::next);
        queues.send(TestQueues.sample());
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        settings.put("camel.main.routes-include-pattern", "file:" + dir.resolve("routes") + "/*.camel.yaml");
        settings.put("camel.health.exposure-level", "full"); // to read the checks' details below

        try (Pipeline ignored = Pipeline.start(settings)) {
            await("both queues loaded and emptied").atMost(Duration.ofSeconds(90)).until(() -> db.count("SELECT count(*) FROM user_logins") == 99 + more.size()
                            && queues.depth(queues.queue) == 0 && queues.depth("second-queue") == 0);
            Management.Answer ready = Management.of(settings).get("/observe/health/ready?exposureLevel=full&data=true");
            assertEquals(200, ready.status(), ready.body());
            String checked = ready.json().path("checks").findParents("name").stream()
                    .filter(c -> c.path("name").asText().equals(SqsHealthCheck.ID))
                    .findFirst().orElseThrow().path("data").path("sqs.queue").asText();
            assertEquals(List.of(queues.queue, "second-queue"), List.of(checked.split(",")).stream().sorted().toList(),
                    "readiness checks both queues the routes read");
        }
        assertEquals(99 + more.size(), db.count("SELECT count(DISTINCT user_id) FROM user_logins"), "each row once");
        List<Message> parked = queues.drainDlq();
        assertEquals(1, parked.size(), "the sample's one bad message");
        assertEquals(queues.queue, TestQueues.attribute(parked.get(0), DeadLetterQueue.SOURCE_QUEUE));
    }

    @Test
    void devProfileReloadsAnEditedRouteWhileRunning(@TempDir Path dir) throws Exception {
        copyProjectFiles(dir, "application.properties", "application-dev.properties");
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        settings.put("camel.main.profile", "dev");
        Management management = Management.of(settings);

        try (AppProcess app = AppProcess.start(dir, settings)) {
            List<String> before = logins(100, 12);
            queues.send(before);
            await("every login of the first batch, ios too").atMost(Duration.ofSeconds(90)).until(() -> db.count("SELECT count(*) FROM user_logins") == before.size());
            assertTrue(app.output().contains("Live route reloading enabled (directory: routes)"), app.output());

            editRoute(dir);
            await("the routes to be reloaded").atMost(Duration.ofSeconds(30)).until(() -> app.output().contains("Routes reloaded summary"));
            assertTrue(app.isAlive(), "reloaded without a restart");

            List<String> after = logins(100, 13);
            long ios = count(after, "ios");
            queues.send(after);
            long expectedRows = before.size() + after.size() - ios;
            await("android logins of the second batch loaded, ios parked").atMost(Duration.ofSeconds(90)).until(() -> db.count("SELECT count(*) FROM user_logins") == expectedRows && queues.depth(queues.queue) == 0);
            assertParked(queues.drainDlq(), ios);
            assertEquals(ios, Management.parse(management.metricsPage())
                    .get("loginetl_messages_rejected_total{reason=\"unknown\"}"), "the counters survive the reload");
            assertEquals(200, management.ready().status(), "ready after the reload");

            app.terminate();
            assertEquals(0, app.awaitExit(30), app.output());
        }
        assertEquals(0, queues.depth(queues.queue));
    }

    @Test
    void aRouteFileSavedBrokenUnderTheDevProfileTurnsReadinessDownNamingItUntilItIsFixed(@TempDir Path dir) throws Exception {
        copyProjectFiles(dir, "application.properties", "application-dev.properties");
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        settings.put("camel.main.profile", "dev");
        Management management = Management.of(settings);
        Path route = dir.resolve(ROUTE);
        String working = Files.readString(route);

        try (AppProcess app = AppProcess.start(dir, settings)) {
            await("ready").atMost(Duration.ofSeconds(90)).until(() -> management.ready().status() == 200);
            Files.writeString(route, working + "\n  - this: is [not yaml\n");
            await("readiness DOWN after the broken save").atMost(Duration.ofSeconds(30)).until(() -> management.ready().status() == 503);
            Management.Answer down = management.ready();
            String why = down.message(SqsRoutesHealthCheck.ID);
            assertTrue(why.contains("route login-events") && why.contains("is not running") && why.contains("login-events.camel.yaml"),
                    "names the route and its file: " + why);
            List<String> waiting = logins(3, 15);
            queues.send(waiting);
            await("nothing reads the queue meanwhile").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> queues.depth(queues.queue) == 3 && queues.inFlight(queues.queue) == 0);

            Files.writeString(route, working);
            await("ready again once the file is fixed").atMost(Duration.ofSeconds(30)).until(() -> management.ready().status() == 200);
            await("the waiting logins loaded").atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM user_logins") == 3
                    && queues.depth(queues.queue) == 0);
            app.terminate();
            assertEquals(0, app.awaitExit(30), app.output());
        }
    }

    private static void copyProjectFiles(Path dir, String... files) throws IOException {
        RouteFiles.copyTo(dir);
        for (String file : files) {
            Files.copy(PROJECT.resolve(file), dir.resolve(file));
        }
    }

    /** Found by the step's id, so that the route's descriptions, comments and layout may change freely. */
    private static void editRoute(Path dir) throws IOException {
        Path route = dir.resolve(ROUTE);
        RouteYaml yaml = RouteYaml.read(route);
        yaml.insertAfter("validate", PARK_IOS);
        yaml.write(route);
    }

    private static List<String> logins(int count, long seed) {
        return new LoginGenerator(seed, 0, 0).next(count);
    }

    private static long count(List<String> logins, String deviceType) throws IOException {
        long n = 0;
        for (String login : logins) {
            n += deviceType.equals(JSON.readValue(login, Map.class).get("device_type")) ? 1 : 0;
        }
        return n;
    }

    private static void assertParked(List<Message> parked, long ios) throws IOException {
        assertEquals(ios, parked.size(), "every ios login parked");
        for (Message m : parked) {
            assertEquals("ios", JSON.readValue(m.body(), Map.class).get("device_type"), "original body intact");
            assertTrue(TestQueues.attribute(m, DeadLetterQueue.REASON_DETAIL).contains("parked by the edited route"),
                    TestQueues.attribute(m, DeadLetterQueue.REASON_DETAIL));
        }
    }
}

package io.loginetl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loginetl.parking.DeadLetterQueue;
import io.loginetl.support.AppProcess;
import io.loginetl.support.Management;
import io.loginetl.support.Pipeline;
import io.loginetl.support.RealPartsTest;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import io.loginetl.tools.LoginGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The route and the settings are files next to the jar, not inside it: an edited copy of
 * routes/login-events.camel.yaml and application.properties changes what the same jar does, with no
 * rebuild; and with the dev profile an edit takes effect while the pipeline runs, with no restart.
 */
class RouteFileEditIT extends RealPartsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final String ROUTE = "routes/login-events.camel.yaml";
    /** The edit: right after validation, ios logins are parked in the DLQ instead of loaded. */
    private static final String AFTER = """
                    - process:
                        id: validate
                        description: Required fields, lengths, IP literal; ip and device_id put in canonical form
                        ref: validationProcessor
            """;
    private static final String PARK_IOS = """
                    - filter:
                        id: park-ios
                        simple: "${body[device_type]} == 'ios'"
                        steps:
                          - throwException:
                              exceptionType: io.loginetl.parking.ParkException
                              message: "ios logins are parked by the edited route"
            """;

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
    void devProfileReloadsAnEditedRouteWhileRunning(@TempDir Path dir) throws Exception {
        copyProjectFiles(dir, "application.properties", "application-dev.properties");
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        settings.put("camel.main.profile", "dev");
        Management management = Management.of(settings);

        try (AppProcess app = AppProcess.start(dir, settings)) {
            List<String> before = logins(100, 12);
            queues.send(before);
            Pipeline.await(Duration.ofSeconds(90), "every login of the first batch, ios too",
                    () -> db.count("SELECT count(*) FROM user_logins") == before.size());
            assertTrue(app.output().contains("Live route reloading enabled (directory: routes)"), app.output());

            editRoute(dir);
            Pipeline.await(Duration.ofSeconds(30), "the routes to be reloaded",
                    () -> app.output().contains("Routes reloaded summary"));
            assertTrue(app.isAlive(), "reloaded without a restart");

            List<String> after = logins(100, 13);
            long ios = count(after, "ios");
            queues.send(after);
            long expectedRows = before.size() + after.size() - ios;
            Pipeline.await(Duration.ofSeconds(90), "android logins of the second batch loaded, ios parked",
                    () -> db.count("SELECT count(*) FROM user_logins") == expectedRows && queues.depth(queues.queue) == 0);
            assertParked(queues.drainDlq(), ios);
            assertEquals(ios, Management.parse(management.metricsPage())
                    .get("loginetl_messages_rejected_total{reason=\"unknown\"}"), "the counters survive the reload");
            assertEquals(200, management.ready().status(), "ready after the reload");

            app.terminate();
            assertEquals(0, app.awaitExit(30), app.output());
        }
        assertEquals(0, queues.depth(queues.queue));
    }

    private static void copyProjectFiles(Path dir, String... files) throws IOException {
        Files.createDirectories(dir.resolve("routes"));
        Files.copy(PROJECT.resolve(ROUTE), dir.resolve(ROUTE));
        for (String file : files) {
            Files.copy(PROJECT.resolve(file), dir.resolve(file));
        }
    }

    private static void editRoute(Path dir) throws IOException {
        Path route = dir.resolve(ROUTE);
        String yaml = Files.readString(route);
        assertTrue(yaml.contains(AFTER), "the route still has its validate step");
        Files.writeString(route, yaml.replace(AFTER, AFTER + PARK_IOS));
    }

    private static List<String> logins(int count, long seed) {
        LoginGenerator generator = new LoginGenerator(seed, 0, 0);
        List<String> logins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            logins.add(generator.next());
        }
        return logins;
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

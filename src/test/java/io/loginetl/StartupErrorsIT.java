package io.loginetl;

import com.sun.net.httpserver.HttpServer;
import io.loginetl.support.AppProcess;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.RouteYaml;
import io.loginetl.support.TestDatabase;
import io.loginetl.support.TestSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A misconfigured start, as a shell user meets it: `java -jar login-etl.jar` exits 1 within
 * seconds with one line that names the setting to fix (its environment variable), no stack trace,
 * and neither the database password nor the mask key anywhere in what it printed.
 */
class StartupErrorsIT extends RealPartsTestSupport {

    private static final int EXIT_SECONDS = 30;
    private static final String ROUTE = "routes/login-events.camel.yaml";
    private Map<String, String> settings;
    private Path workDir = Path.of("").toAbsolutePath();

    @BeforeEach
    void validSettings() {
        // The test database's role has a random password: it must never be printed
        settings = TestSettings.of(server.endpoint(), queues, db);
    }

    @Test
    void missingMaskKey() throws Exception {
        settings.put("mask.key", "");
        String line = assertFailsNamingTheSetting("MASK_KEY");
        assertTrue(line.startsWith("login-etl: MASK_KEY is not set"), line);
        assertTrue(line.contains("keygen"), "says how to make one: " + line);
    }

    @Test
    void maskKeyThatIsNotAKey() throws Exception {
        String notAKey = "not-a-key-" + UUID.randomUUID();
        settings.put("mask.key", notAKey);
        assertFailsNamingTheSetting("MASK_KEY", notAKey);
    }

    @Test
    void unreachableDatabase() throws Exception {
        // A password in the URL too: the message shows the URL without its query string
        settings.put("db.url", "jdbc:postgresql://127.0.0.1:1/x?password=" + settings.get("db.password"));
        String line = assertFailsNamingTheSetting("DB_URL");
        assertTrue(line.contains("jdbc:postgresql://127.0.0.1:1/x"), "says which database: " + line);
        assertTrue(line.contains("cannot connect (SQLState 08001)"), "says why: " + line);
    }

    @Test
    void databaseThatDoesNotExist() throws Exception {
        settings.put("db.url", "jdbc:postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT + "/" + db.name() + "_missing");
        String line = assertFailsNamingTheSetting("DB_URL");
        assertTrue(line.contains("database does not exist (SQLState 3D000)"), line);
    }

    @Test
    void missingQueue() throws Exception {
        settings.put("sqs.queue", "no-such-queue");
        String line = assertFailsNamingTheSetting("SQS_QUEUE");
        assertTrue(line.contains("'no-such-queue' does not exist"), line);
        assertTrue(line.contains(server.endpoint()), "says which SQS: " + line);
    }

    @Test
    void missingQueueInAnEditedRoute(@TempDir Path dir) throws Exception {
        // The queue is written into the route itself: the line names the route and its file, not SQS_QUEUE
        Files.createDirectories(dir.resolve("routes"));
        RouteYaml route = RouteYaml.read(Path.of(ROUTE));
        route.from("login-events").put("uri", "aws2-sqs:no-such-edited-queue");
        route.write(dir.resolve(ROUTE));
        workDir = dir;
        String line = assertFailsNamingTheSetting("route login-events");
        assertTrue(line.contains("'no-such-edited-queue' does not exist"), line);
        assertTrue(line.contains(ROUTE), "names the route file: " + line);
        assertFalse(line.contains("SQS_QUEUE"), "SQS_QUEUE is not what to fix here: " + line);
    }

    @Test
    void unreachableSqs() throws Exception {
        settings.put("sqs.endpoint", "http://127.0.0.1:1");
        String line = assertFailsNamingTheSetting("SQS_ENDPOINT");
        assertTrue(line.contains("unreachable at http://127.0.0.1:1"), line);
    }

    @Test
    void sqsEndpointThatRejectsTheJsonProtocol() throws Exception {
        // Answers every request with HTTP 500, as LocalStack before 3.0 answers the SQS JSON protocol
        List<String> contentTypes = new CopyOnWriteArrayList<>();
        HttpServer oldLocalStack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        oldLocalStack.createContext("/", exchange -> {
            contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        oldLocalStack.start();
        String endpoint = "http://127.0.0.1:" + oldLocalStack.getAddress().getPort();
        String line;
        try {
            settings.put("sqs.endpoint", endpoint);
            line = assertFailsNamingTheSetting("SQS_ENDPOINT");
        } finally {
            oldLocalStack.stop(0);
        }
        assertTrue(contentTypes.stream().anyMatch(t -> t.startsWith("application/x-amz-json-1.0")),
                "the SDK spoke the JSON protocol: " + contentTypes);
        assertTrue(line.contains(endpoint) && line.contains("HTTP 500"), "says which server answered what: " + line);
        assertTrue(line.contains("protocol"), "names the cause: " + line);
        assertTrue(line.contains("LocalStack 3 or later"), "names the fix: " + line);
    }

    /** Runs the jar; returns its "login-etl: ..." line after checking the exit, the line and the output. */
    private String assertFailsNamingTheSetting(String setting, String... otherSecrets) throws Exception {
        String output;
        int exit;
        try (AppProcess app = AppProcess.start(workDir, settings)) {
            exit = app.awaitExit(EXIT_SECONDS);
            output = app.output();
        }
        assertEquals(1, exit, "a failed start exits 1:\n" + output);
        List<String> lines = output.lines().filter(l -> l.startsWith("login-etl: ")).toList();
        assertEquals(1, lines.size(), "one line for the operator:\n" + output);
        String line = lines.get(0);
        assertTrue(line.contains(setting), "the line names " + setting + ": " + line);
        assertFalse(output.contains("\tat ") || output.contains("Exception in thread"), "no stack trace:\n" + output);
        assertFalse(output.contains(settings.get("db.password")), "the password is printed:\n" + output);
        String key = settings.get("mask.key");
        if (!key.isEmpty()) {
            assertFalse(output.contains(key), "the mask key is printed:\n" + output);
        }
        for (String secret : otherSecrets) {
            assertFalse(output.contains(secret), "a secret is printed:\n" + output);
        }
        return line;
    }
}

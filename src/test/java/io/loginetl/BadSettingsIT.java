package io.loginetl;

import io.loginetl.support.AppProcess;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A setting that is not allowed, set as users set it (an environment variable) on the real jar, with the real
 * 100-message sample waiting: the start stops with exit 1 and one line naming the variable, the key, the value and
 * what is allowed, before Camel starts. Nothing is received, loaded, parked or even prepared in the database.
 */
class BadSettingsIT extends RealPartsTestSupport {

    private static final int EXIT_SECONDS = 30;
    private static final String SECRET = "hunter2-" + UUID.randomUUID();

    /** A bad value of one key, set through its environment variable, and the line that must say so. */
    record BadSetting(String key, String variable, String value, String line) {
        @Override
        public String toString() {
            return variable + "=" + value;
        }
    }

    static Stream<BadSetting> badSettings() {
        return Stream.of(
                // The issue's, each tried alone on the sample
                new BadSetting("sqs.receivers", "SQS_RECEIVERS", "0",
                        "login-etl: SQS_RECEIVERS (sqs.receivers) is 0: allowed a whole number from 1 to 64"),
                new BadSetting("sqs.wait-time-seconds", "SQS_WAIT_TIME_SECONDS", "25",
                        "login-etl: SQS_WAIT_TIME_SECONDS (sqs.wait-time-seconds) is 25: allowed a whole number from 0 to 20"),
                new BadSetting("sqs.max-body-bytes", "SQS_MAX_BODY_BYTES", "0",
                        "login-etl: SQS_MAX_BODY_BYTES (sqs.max-body-bytes) is 0: allowed a whole number from 1 to 1048576"),
                new BadSetting("sqs.visibility-timeout", "SQS_VISIBILITY_TIMEOUT", "-1",
                        "login-etl: SQS_VISIBILITY_TIMEOUT (sqs.visibility-timeout) is -1: allowed a whole number from 1 to 43200"),
                new BadSetting("health.stall-seconds", "HEALTH_STALL_SECONDS", "abc",
                        "login-etl: HEALTH_STALL_SECONDS (health.stall-seconds) is abc: allowed a whole number from 0 to 86400"),
                new BadSetting("batch.size", "BATCH_SIZE", "0",
                        "login-etl: BATCH_SIZE (batch.size) is 0: allowed a whole number from 1 to 1000000"),
                new BadSetting("batch.size", "BATCH_SIZE", "abc",
                        "login-etl: BATCH_SIZE (batch.size) is abc: allowed a whole number from 1 to 1000000"),
                new BadSetting("sqs.endpoint", "SQS_ENDPOINT", "garbage",
                        "login-etl: SQS_ENDPOINT (sqs.endpoint) is garbage: allowed an http(s) URL, or empty for real AWS"),
                // Rules between settings: the line works the bound out
                new BadSetting("db.pool.max-size", "DB_POOL_MAX_SIZE", "4",
                        "login-etl: DB_POOL_MAX_SIZE (db.pool.max-size) is 4: allowed a whole number, at least batch.writers"
                                + " + sqs.receivers + 1, at most 1000; with batch.writers 2 and sqs.receivers 4 that is at least 7"),
                new BadSetting("db.socket-timeout-seconds", "DB_SOCKET_TIMEOUT_SECONDS", "20",
                        "login-etl: DB_SOCKET_TIMEOUT_SECONDS (db.socket-timeout-seconds) is 20: allowed a whole number from 1 to"
                                + " 3600, above db.statement-timeout-seconds; with db.statement-timeout-seconds 30 that is above 30"),
                // A secret is named, never shown; a URL is shown without what may be one
                new BadSetting("mask.key", "MASK_KEY", SECRET,
                        "login-etl: MASK_KEY (mask.key) is set to a secret value, not shown: allowed a keyset from keygen, in"
                                + " base64 (secret), or empty when mask.key-file names one or the command needs none"),
                new BadSetting("db.url", "DB_URL", "jdbc:mysql://127.0.0.1:3306/logins?password=" + SECRET,
                        "login-etl: DB_URL (db.url) is jdbc:mysql://127.0.0.1:3306/logins: allowed a jdbc:postgresql URL"),
                new BadSetting("mask.mode", "MASK_MODE", "aes",
                        "login-etl: MASK_MODE (mask.mode) is aes: allowed one of siv, hmac"),
                new BadSetting("mask.ip-mode", "MASK_IP_MODE", "cidr",
                        "login-etl: MASK_IP_MODE (mask.ip-mode) is cidr: allowed one of siv, prefix"),
                // Camel Main's own options too, which Camel takes silently (shutdown-timeout=abc becomes 0)
                new BadSetting("camel.main.shutdown-timeout", "CAMEL_MAIN_SHUTDOWN_TIMEOUT", "abc",
                        "login-etl: CAMEL_MAIN_SHUTDOWN_TIMEOUT (camel.main.shutdown-timeout) is abc: allowed a whole number"
                                + " from 1 to 3600"));
    }

    @BeforeEach
    void theSampleWaitsInTheQueue() throws Exception {
        queues.send(TestQueues.sample());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void aBadSettingStopsThePipelineBeforeAnythingIsReceived(BadSetting bad) throws Exception {
        String output = refused(bad);
        assertFalse(output.contains("Apache Camel"), "stopped before Camel started:\n" + output);
        assertUntouched();
    }

    @Test
    void aCommandChecksEverySettingBeforeItActs() throws Exception {
        // redrive needs no mask mode, but a bad one in its environment is still a mistake to fix before it moves anything
        String dlqUrl = queues.sqs.createQueue(b -> b.queueName(queues.dlq)).queueUrl();
        queues.sqs.sendMessage(b -> b.queueUrl(dlqUrl).messageBody("{\"parked\": true}"));
        refused(new BadSetting("mask.mode", "MASK_MODE", "aes", "login-etl: MASK_MODE (mask.mode) is aes: allowed one of siv, hmac"),
                "redrive");
        assertEquals(1, queues.depth(queues.dlq), "nothing was moved");
        assertEquals(TestQueues.sample().size(), queues.depth(queues.queue));
    }

    @Test
    void aMisspeltKeyInTheWorkingDirectorysApplicationPropertiesStopsTheStart(@TempDir Path dir) throws Exception {
        // A copy of application.properties edited by hand: the typo would leave sqs.receivers at its default unsaid
        Files.writeString(dir.resolve("application.properties"), "sqs.recievers=8\n");
        try (AppProcess app = AppProcess.start(dir, TestSettings.of(server.endpoint(), queues, db), Map.of())) {
            assertStoppedWithOneLine(app, "login-etl: sqs.recievers is not a login-etl setting (misspelt?): the settings are"
                    + " the keys of application.properties, listed in the README's configuration table");
        }
        assertUntouched();
    }

    /** Runs the jar with the bad setting in its environment; checks the exit, the one line and the output; returns the output. */
    private String refused(BadSetting bad, String... command) throws Exception {
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        settings.remove(bad.key()); // the environment variable alone sets it, as a user would
        try (AppProcess app = AppProcess.start(Path.of("").toAbsolutePath(), settings, Map.of(bad.variable(), bad.value()), command)) {
            return assertStoppedWithOneLine(app, bad.line());
        }
    }

    /** Exit 1 with {@code line} the only line of login-etl's own, no stack trace and no secret; returns the output. */
    private String assertStoppedWithOneLine(AppProcess app, String line) throws Exception {
        int exit = app.awaitExit(EXIT_SECONDS);
        String output = app.output();
        assertEquals(1, exit, "a bad setting exits 1:\n" + output);
        List<String> lines = output.lines().filter(l -> l.startsWith("login-etl:")).toList();
        assertEquals(List.of(line), lines, "one line naming the setting, its value and what is allowed:\n" + output);
        assertFalse(output.contains("\tat ") || output.contains("Exception"), "no stack trace:\n" + output);
        assertFalse(output.contains(SECRET), "a secret is printed:\n" + output);
        assertFalse(output.contains(db.password()), "the database password is printed:\n" + output);
        assertFalse(output.contains(TestSettings.KEY), "the mask key is printed:\n" + output);
        return output;
    }

    private void assertUntouched() {
        int inFlight = queues.inFlight(queues.queue);
        assertEquals(0, inFlight, "no message was received");
        assertEquals(TestQueues.sample().size(), queues.depth(queues.queue) - inFlight, "every message still visible");
        assertEquals(0, queues.depth(queues.dlq), "nothing parked");
        assertEquals(0, db.count("SELECT count(*) FROM pg_tables WHERE tablename IN ('user_logins', 'login_etl_ledger')"),
                "the database was not even prepared, let alone loaded");
    }
}

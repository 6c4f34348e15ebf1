package io.loginetl.tools;

import io.loginetl.support.AppProcess;
import io.loginetl.support.TestDatabase;
import io.loginetl.support.TestSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code demo} run from the tools jar as users run it, on the real Postgres (its own database, login_etl_demo): a
 * short report and exit code 0 whatever was parked; a refusal in one line and exit code 2.
 */
class DemoIT {

    private static final Pattern LOADED = Pattern.compile("(?m)^demo: rows loaded into user_logins of login_etl_demo: (\\d+)$");
    private static final Pattern REJECTED = Pattern.compile("(?m)^demo: rejected to the dead-letter queue: (\\d+)");

    @Test
    void aSmallDemoShowsItsOwnLinesAndExitsZero() throws Exception {
        // Ten messages, 1% of them bad: most runs park nothing (what used to fail), and DemoReportIT covers both cases
        try (ChildProcess demo = demo(Map.of(), "10")) {
            assertTrue(demo.waitFor(180), "ends by itself:\n" + demo.output());
            assertEquals(0, demo.exitValue(), demo.output());
            List<String> lines = demo.output().lines().toList();
            assertTrue(lines.size() <= 15, "at most 15 lines:\n" + demo.output());
            assertTrue(lines.stream().noneMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +INFO .*")),
                    "no INFO line from Camel or the libraries:\n" + demo.output());
            assertEquals(10, number(LOADED, demo.output()) + number(REJECTED, demo.output()),
                    "every message loaded or rejected:\n" + demo.output());
            assertTrue(demo.printed("demo: summary: received=10 "), "the pipeline's summary line:\n" + demo.output());
        }
    }

    @Test
    void refusalsAreOneLineAndExitCodeTwo() throws Exception {
        assertRefused(Map.of(), "demo: N, the number of messages, must be a whole number of at least 1, not abc", "abc");
        assertRefused(Map.of("SQS_ENDPOINT", "http://127.0.0.1:4566"), "demo: SQS_ENDPOINT is set, but the demo runs its own");
        assertRefused(Map.of("DB_URL", "jdbc:postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT + "/logins"),
                "demo: DB_URL names a database other than the demo's own");
    }

    private static void assertRefused(Map<String, String> env, String expected, String... args) throws Exception {
        try (ChildProcess demo = demo(env, args)) {
            assertTrue(demo.waitFor(60), "refused at once:\n" + demo.output());
            assertEquals(2, demo.exitValue(), demo.output());
            List<String> lines = demo.output().lines().toList();
            assertEquals(1, lines.size(), "one line, no stack trace:\n" + demo.output());
            assertTrue(lines.get(0).startsWith(expected), lines.get(0));
        }
    }

    /** The demo, on the tests' Postgres server with their admin login (the demo's role needs CREATEDB). */
    private static ChildProcess demo(Map<String, String> env, String... args) throws Exception {
        List<String> command = AppProcess.java(
                "-Ddb.url=jdbc:postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT + "/postgres",
                "-Ddb.user=" + TestDatabase.USER, "-Ddb.password=" + TestDatabase.PASSWORD,
                "-Dcamel.management.port=" + TestSettings.freePort(),
                "-jar", AppProcess.TOOLS_JAR.toAbsolutePath().toString(), "demo");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        // Only what the test sets: these would change or refuse the demo
        for (String name : List.of("DB_URL", "DB_USER", "DB_PASSWORD", "DB_PASSWORD_FILE", "SQS_ENDPOINT", "SQS_QUEUE", "SQS_DLQ",
                "MASK_KEY", "MASK_KEY_FILE", "LOG_LEVEL")) {
            builder.environment().remove(name);
        }
        builder.environment().putAll(env);
        return ChildProcess.start("demo", builder);
    }

    private static int number(Pattern line, String output) {
        Matcher m = line.matcher(output);
        assertTrue(m.find(), "no line " + line + " in:\n" + output);
        return Integer.parseInt(m.group(1));
    }
}

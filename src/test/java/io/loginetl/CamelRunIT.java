package io.loginetl;

import io.loginetl.support.AppProcess;
import io.loginetl.support.Management;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.SampleExpectations;
import io.loginetl.support.TestDatabase;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's `camel run` command starts the real pipeline: run in a copy of the project the way Camel JBang
 * runs it, on exactly the files that command names, it loads the real sample (99 rows, the malformed message
 * parked).
 *
 * <p>Camel JBang itself is not served here, so this runs the engine `camel run` starts, Camel's KameletMain,
 * with dependency download on, in a JVM of its own whose class path is camel-kamelet-main and its own
 * dependencies only (target/camel-run.classpath, resolved by the build from src/test/camel-run/pom.xml). The
 * project's classes come only from compiling the .java files the command gives, its libraries only from
 * KameletMain's downloads (camel.jbang.dependencies and the components the route names).
 * src/test/jbang/CamelRun.java maps the command's files to KameletMain the way JBang's run command does.
 * The first run downloads what JBang would download into ~/.m2.
 */
class CamelRunIT extends RealPartsTestSupport {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path ENGINE_CLASSPATH = PROJECT.resolve("target/camel-run.classpath");
    private static final Path LAUNCHER = PROJECT.resolve("src/test/jbang/CamelRun.java");
    /** Downloads on a first run (a cold ~/.m2) take most of this. */
    private static final Duration START_AND_LOAD = Duration.ofMinutes(10);

    private final int managementPort = TestSettings.freePort();

    @Test
    void readmeCommandLoadsTheSample(@TempDir Path dir) throws Exception {
        copyProject(dir);
        List<String> command = expandAsShell(readmeCommand(), dir);
        assertEquals("run", command.get(0), "the README's command is `camel run ...`: " + command);
        List<String> files = command.subList(1, command.size());

        List<String> sample = TestQueues.sample();
        queues.send(sample);

        long started = System.nanoTime();
        try (AppProcess camel = AppProcess.start(camelRun(dir, files))) {
            await("`camel run` to load the sample").atMost(START_AND_LOAD).until(() -> {
                if (!camel.isAlive()) {
                    throw new AssertionError("`camel run` stopped:\n" + camel.output());
                }
                return db.count("SELECT count(*) FROM user_logins") == 99 && queues.depth(queues.queue) == 0;
            });
            System.out.printf("CamelRunIT: `camel run` started and loaded the sample in %.1f s%n",
                    (System.nanoTime() - started) / 1e9);
            // The beans are made once, whatever `camel run` rebinds: the consumer's client counts into the metrics
            Map<String, Double> metrics = new Management(managementPort).metrics();
            assertTrue(metrics.getOrDefault("loginetl_sqs_requests_total{operation=\"ReceiveMessage\"}", 0.0) > 0, metrics.toString());
            assertTrue(metrics.getOrDefault("loginetl_sqs_requests_total{operation=\"DeleteMessageBatch\"}", 0.0) > 0, metrics.toString());
            camel.terminate();
            camel.awaitExit(60);
        }
        SampleExpectations.assertSampleLoaded(sample, db, queues);
    }

    /** KameletMain in a JVM of its own, in the project copy, set up as a user would: environment and -D. */
    private ProcessBuilder camelRun(Path dir, List<String> files) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-Dorg.apache.logging.log4j.level=INFO",
                // an environment variable ending in _PORT is ignored by Camel: this one goes in as -D
                "-Dcamel.management.port=" + managementPort,
                "-cp", engineClasspath(),
                LAUNCHER.toString()));
        command.addAll(files);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().remove("MASK_KEY");
        builder.environment().putAll(Map.of(
                "SQS_ENDPOINT", server.endpoint(),
                "SQS_QUEUE", queues.queue,
                "SQS_DLQ", queues.dlq,
                "SQS_WAIT_TIME_SECONDS", "1",
                "DB_URL", db.jdbcUrl(),
                "DB_USER", db.user(),
                "DB_PASSWORD", db.password(),
                "MASK_KEY", TestSettings.KEY,
                "BATCH_MAX_WAIT_MS", "200"));
        return builder;
    }

    /** camel-kamelet-main and its dependencies, and none of the project's classes or libraries. */
    private static String engineClasspath() throws IOException {
        assertTrue(Files.exists(ENGINE_CLASSPATH), ENGINE_CLASSPATH + " is written by `mvn verify` (pre-integration-test)");
        String classpath = Files.readString(ENGINE_CLASSPATH).strip();
        List<String> jars = Arrays.stream(classpath.split(File.pathSeparator)).map(p -> Path.of(p).getFileName().toString()).toList();
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("camel-kamelet-main-")), jars.toString());
        for (String ours : List.of("tink-", "postgresql-", "commons-dbcp2-", "sqs-", "camel-aws2-sqs-", "camel-sql-",
                "micrometer-registry-prometheus-", "camel-java-joor-dsl-", "login-etl")) {
            assertFalse(jars.stream().anyMatch(j -> j.startsWith(ours)), "the engine's class path has " + ours + "*");
        }
        assertTrue(jars.stream().allMatch(j -> j.endsWith(".jar")), "only jars, no class directories: " + jars);
        return classpath;
    }

    /** The fenced block under the README's "With Camel JBang" heading. */
    private static String readmeCommand() throws IOException {
        String readme = Files.readString(PROJECT.resolve("README.md"));
        int section = readme.indexOf("\n### With Camel JBang\n");
        assertTrue(section >= 0, "the README has a 'With Camel JBang' section");
        int nextSection = readme.indexOf("\n#", section + 1);
        int open = readme.indexOf("\n```sh\n", section);
        assertTrue(open > 0 && (nextSection < 0 || open < nextSection), "a sh block in the 'With Camel JBang' section");
        int close = readme.indexOf("\n```", open + 1 + "```sh".length());
        return readme.substring(open + "\n```sh\n".length(), close);
    }

    /** What the command's `camel` receives: bash runs the block in dir, with `camel` a function that prints its arguments. */
    private static List<String> expandAsShell(String block, Path dir) throws Exception {
        Process bash = new ProcessBuilder("bash", "-c", "set -eu\ncamel() { printf '%s\\0' \"$@\"; }\n" + block)
                .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, bash.waitFor(), "the README's block runs in bash:\n" + block);
        List<String> args = Arrays.stream(out.split("\0")).filter(a -> !a.isEmpty()).toList();
        assertFalse(args.isEmpty(), "the README's block calls `camel`:\n" + block);
        return args;
    }

    /** What a user has after cloning: the settings, the routes and the sources (Java and resources). */
    private static void copyProject(Path dir) throws IOException {
        Files.copy(PROJECT.resolve("application.properties"), dir.resolve("application.properties"));
        for (String tree : List.of("routes", "src/main")) {
            try (Stream<Path> paths = Files.walk(PROJECT.resolve(tree))) {
                for (Path source : paths.toList()) {
                    Path target = dir.resolve(PROJECT.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
        }
    }
}

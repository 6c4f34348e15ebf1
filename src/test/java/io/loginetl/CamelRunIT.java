package io.loginetl;

import io.loginetl.support.AppProcess;
import io.loginetl.support.CamelRunCommand;
import io.loginetl.support.Management;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.SampleExpectations;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's `camel run` command starts the real pipeline: run in a copy of the project the way Camel JBang
 * runs it, on exactly the files that command names, it loads the real sample (99 rows, the malformed message
 * parked).
 *
 * <p>Camel JBang itself is not served here, so this runs the engine `camel run` starts ({@link CamelRunCommand}):
 * the project's classes come only from compiling the .java files the command gives, its libraries only from
 * KameletMain's downloads (camel.jbang.dependencies and the components the route names). The first run
 * downloads what JBang would download into ~/.m2.
 */
class CamelRunIT extends RealPartsTestSupport {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    /** Downloads on a first run (a cold ~/.m2) take most of this. */
    private static final Duration START_AND_LOAD = Duration.ofMinutes(10);

    private final int managementPort = TestSettings.freePort();

    @Test
    void readmeCommandLoadsTheSample(@TempDir Path dir) throws Exception {
        copyProject(dir);
        CamelRunCommand.Invocation command = CamelRunCommand.expand(CamelRunCommand.readmeBlock("With Camel JBang"), dir);

        List<String> sample = TestQueues.sample();
        queues.send(sample);

        long started = System.nanoTime();
        try (AppProcess camel = AppProcess.start(camelRun(command))) {
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
    private ProcessBuilder camelRun(CamelRunCommand.Invocation command) throws IOException {
        ProcessBuilder builder = CamelRunCommand.camelRun(command, "-Dorg.apache.logging.log4j.level=INFO",
                // an environment variable ending in _PORT is ignored by Camel: this one goes in as -D
                "-Dcamel.management.port=" + managementPort);
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

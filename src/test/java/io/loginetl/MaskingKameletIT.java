package io.loginetl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loginetl.support.AppProcess;
import io.loginetl.support.CamelRunCommand;
import io.loginetl.support.Pipeline;
import io.loginetl.support.ProjectFiles;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A route that is not login-events masks with the pii-mask-action Kamelet and gets the pipeline's tokens: the
 * README's example, run as `camel run` runs it ({@link CamelRunCommand}: KameletMain on a class path of its own,
 * the project's masking only from target/login-etl-masking.jar, Tink and Jackson only from the Kamelet's
 * downloads), masks the real sample into the same masked_ip and masked_device_id the pipeline stores for it under
 * the same key.
 */
class MaskingKameletIT extends RealPartsTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Downloads on a first run (a cold ~/.m2) take most of this. */
    private static final Duration START_AND_MASK = Duration.ofMinutes(10);

    @Test
    void aRouteThroughTheKameletMakesThePipelinesTokensForTheSameKey(@TempDir Path dir) throws Exception {
        List<String> sample = TestQueues.sample();
        queues.send(sample);
        try (Pipeline ignored = Pipeline.start(TestSettings.of(server.endpoint(), queues, db))) {
            await("the pipeline to load the sample").atMost(Duration.ofSeconds(60))
                    .until(() -> db.count("SELECT count(*) FROM user_logins") == 99 && queues.depth(queues.queue) == 0);
        }
        Map<String, List<Object>> stored = new HashMap<>();
        for (Map<String, Object> row : db.rows("SELECT user_id, masked_ip, masked_device_id FROM user_logins")) {
            stored.put((String) row.get("user_id"), Arrays.asList(row.get("masked_ip"), row.get("masked_device_id")));
        }

        copyProject(dir);
        CamelRunCommand.Invocation command = CamelRunCommand.expand(CamelRunCommand.readmeBlock("Masking in other routes"), dir);
        ProcessBuilder builder = CamelRunCommand.camelRun(command);
        builder.environment().put("MASK_KEY", TestSettings.KEY);
        Path out = command.dir().resolve("work/out/sample_messages.jsonl");
        try (AppProcess camel = AppProcess.start(builder)) {
            await("the Kamelet route to mask the sample").atMost(START_AND_MASK).until(() -> {
                if (!camel.isAlive()) {
                    throw new AssertionError("`camel run` stopped:\n" + camel.output());
                }
                return Files.exists(out) && Files.readAllLines(out).size() == sample.size();
            });
            String log = camel.output();
            for (Map<String, Object> event : rawEvents(sample)) {
                assertFalse(log.contains((String) event.get("ip")), "the route's log holds a raw ip");
            }
            camel.terminate();
            camel.awaitExit(60);
        }

        int compared = 0;
        for (String line : Files.readAllLines(out)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> masked = JSON.readValue(line, Map.class);
            assertFalse(masked.containsKey("ip") || masked.containsKey("device_id"), "raw fields are gone: " + masked.keySet());
            List<Object> tokens = stored.get((String) masked.get("user_id"));
            if (tokens != null) {
                assertNotNull(tokens.get(0));
                assertEquals(tokens, Arrays.asList(masked.get("masked_ip"), masked.get("masked_device_id")),
                        "the Kamelet's tokens for user " + masked.get("user_id"));
                compared++;
            }
        }
        assertEquals(99, compared, "every event the pipeline stored was masked by the Kamelet too");
    }

    private static List<Map<String, Object>> rawEvents(List<String> sample) throws IOException {
        List<Map<String, Object>> events = new ArrayList<>();
        for (String body : sample) {
            @SuppressWarnings("unchecked")
            Map<String, Object> event = JSON.readValue(body, Map.class);
            if (event.get("ip") instanceof String) {
                events.add(event);
            }
        }
        assertTrue(events.size() >= 99, "the sample's events have their ip");
        return events;
    }

    /** What the README's block uses: the example, the Kamelet, the masking jar and the sample. */
    private static void copyProject(Path dir) throws IOException {
        for (String tree : List.of("examples", "kamelets")) {
            try (Stream<Path> paths = Files.walk(ProjectFiles.BASEDIR.resolve(tree))) {
                for (Path source : paths.filter(Files::isRegularFile).toList()) {
                    Path target = dir.resolve(ProjectFiles.BASEDIR.relativize(source).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target);
                }
            }
        }
        Path jar = ProjectFiles.BASEDIR.resolve("target/login-etl-masking.jar");
        assertTrue(Files.exists(jar), jar + " is built by `mvn package`");
        Files.createDirectories(dir.resolve("target"));
        Files.copy(jar, dir.resolve("target/login-etl-masking.jar"));
        Files.createDirectories(dir.resolve("src/test/resources"));
        Files.copy(ProjectFiles.SAMPLE, dir.resolve("src/test/resources/sample_messages.jsonl"));
    }
}

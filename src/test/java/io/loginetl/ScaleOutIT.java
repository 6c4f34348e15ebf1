package io.loginetl;

import io.loginetl.message.Origin;
import io.loginetl.parking.DeadLetterQueue;
import io.loginetl.support.AppProcess;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import io.loginetl.tools.LoginGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7, scale out: three instances of the real jar, as separate JVMs started at the same moment,
 * share one queue and one database; one of them is SIGKILLed mid-run and the other two drain the rest.
 * Every good message ends up as exactly one row, every bad one in the DLQ exactly once.
 */
class ScaleOutIT extends RealPartsTestSupport {

    private static final int MESSAGES = 6000;
    private static final double BAD_SHARE = 0.01;
    private static final int INSTANCES = 3;
    private static final Pattern SUMMARY = Pattern.compile("summary: received=(\\d+) inserted=(\\d+) duplicates=(\\d+) rejected=(\\d+)");
    private static final Pattern PROGRESS = Pattern.compile("progress: received=(\\d+) inserted=(\\d+)");
    private static final Pattern PARKED = Pattern.compile("Parked message (\\S+) in the dead-letter queue");

    /** Its own management port per instance: TestSettings.of picks a free one on every call. */
    private Map<String, String> settingsForOneInstance() {
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        // What the killed instance held becomes visible again 5 s after it was received.
        settings.put("sqs.visibility-timeout", "5");
        // Drain mode: exit 0 after this many idle seconds, below the visibility timeout: a survivor still waits for
        // what the killed instance held (a drain exits only once nothing is visible and nothing in flight).
        settings.put("camel.main.duration-max-idle-seconds", "3");
        settings.put("progress.interval-ms", "500");
        return settings;
    }

    @Test
    void threeInstancesShareOneQueueSurviveAKillNineAndLoadEveryMessageExactlyOnce() throws Exception {
        List<String> bodies = new LoginGenerator(7, 0.2, BAD_SHARE).next(MESSAGES);
        long bad = bodies.stream().filter(LoginGenerator::isBad).count();
        long good = MESSAGES - bad;
        assertTrue(bad >= 30, "the generator made bad messages: " + bad);
        queues.send(bodies);
        assertEquals(MESSAGES, queues.depth(queues.queue));

        List<Map<String, String>> settings = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            settings.add(settingsForOneInstance());
        }
        List<AppProcess> apps = new ArrayList<>();
        try {
            // All at once: they race for the schema (CREATE TABLE IF NOT EXISTS under an advisory lock) and the queue.
            for (Map<String, String> s : settings) {
                apps.add(AppProcess.start(s));
            }
            AppProcess victim = apps.get(0);
            List<AppProcess> survivors = apps.subList(1, INSTANCES);

            // Kill mid-run: once rows exist and the victim itself has been receiving (it holds messages in flight).
            await("1000 rows, and the victim receiving").atMost(Duration.ofSeconds(120)).until(() -> {
                for (AppProcess app : apps) {
                    assertTrue(app.isAlive(), "an instance died at start-up:\n" + app.output());
                }
                return db.count("SELECT count(*) FROM user_logins") >= 1000 && lastReceived(victim) > 0;
            });
            victim.kill9();
            Instant killedAt = Instant.now();
            long rowsAtKill = db.count("SELECT count(*) FROM user_logins");
            assertTrue(rowsAtKill < good, "killed mid-run (" + rowsAtKill + " of " + good + " rows)");

            // On a busy machine an instance may still be starting while the others have loaded 1000 rows
            await("every instance started").atMost(Duration.ofSeconds(60)).until(() -> apps.stream().allMatch(app -> app.output().contains("started in") || app.output().contains("login-etl: ")));
            for (AppProcess app : apps) {
                assertFalse(app.output().contains("login-etl: "), "no start-up failure:\n" + app.output());
                assertTrue(app.output().contains("started in"), "Camel started:\n" + app.output());
            }
            for (AppProcess survivor : survivors) {
                assertEquals(0, survivor.awaitExit(240), "a survivor drains and exits 0:\n" + survivor.output());
            }

            assertEquals(good, db.count("SELECT count(*) FROM user_logins"), "rows == good messages");
            assertEquals(good, db.count("SELECT count(DISTINCT user_id) FROM user_logins"), "distinct user_id == good messages");
            assertEquals(good, db.count("SELECT count(*) FROM login_etl_ledger"), "ledger rows == good messages");
            assertEquals(0, queues.depth(queues.queue), "source queue empty (nothing visible, nothing in flight)");
            assertDeadLetterQueueHoldsEachBadMessageOnce(bad, victim, survivors, killedAt);

            StringBuilder report = new StringBuilder("scale-out: " + MESSAGES + " messages, " + bad + " bad; killed pid "
                    + victim.pid() + " at " + rowsAtKill + " rows (its last progress: received=" + lastReceived(victim) + ")");
            for (AppProcess survivor : survivors) {
                Matcher m = SUMMARY.matcher(survivor.output());
                assertTrue(m.find(), "a survivor prints its summary:\n" + survivor.output());
                assertTrue(Long.parseLong(m.group(2)) > 0, "every survivor loaded a share: " + m.group());
                report.append("\n  survivor ").append(survivor.pid()).append(": ").append(m.group());
            }
            System.out.println(report);
        } finally {
            for (int i = 0; i < apps.size(); i++) {
                apps.get(i).close();
                // Each instance's output, for a failed run: target/scale-out/instance-N.log
                java.nio.file.Path logs = java.nio.file.Path.of("target", "scale-out");
                java.nio.file.Files.createDirectories(logs);
                java.nio.file.Files.writeString(logs.resolve("instance-" + i + ".log"), apps.get(i).output());
            }
        }
    }

    /**
     * Exactly the bad messages, each once. Parking is "send to the DLQ, then delete from the source queue":
     * a SIGKILL that lands between the two (a millisecond or so) leaves the message in the source queue, and
     * a survivor parks it again after the visibility timeout. That one duplicate, with the same
     * source-message-id, is inherent to moving a message between two queues without a transaction; any other
     * duplicate (a visibility timeout expiring while an instance still held the message) fails the test.
     */
    private void assertDeadLetterQueueHoldsEachBadMessageOnce(long bad, AppProcess victim, List<AppProcess> survivors,
            Instant killedAt) {
        List<Message> parked = queues.drainDlq();
        Map<String, List<Message>> bySource = new TreeMap<>();
        for (Message m : parked) {
            assertTrue(LoginGenerator.isBad(m.body()), "only bad messages are parked: " + m.body());
            bySource.computeIfAbsent(TestQueues.attribute(m, Origin.SOURCE_MESSAGE_ID), k -> new ArrayList<>()).add(m);
        }
        assertEquals(bad, bySource.size(), "every bad message parked (distinct source-message-id)");

        Map<String, Integer> parksBySurvivors = new TreeMap<>();
        for (AppProcess survivor : survivors) {
            Matcher m = PARKED.matcher(survivor.output());
            while (m.find()) {
                parksBySurvivors.merge(m.group(1), 1, Integer::sum);
            }
        }
        int killWindowDuplicates = 0;
        for (Map.Entry<String, List<Message>> e : bySource.entrySet()) {
            List<Message> copies = e.getValue();
            if (copies.size() == 1) {
                continue;
            }
            List<Instant> sent = copies.stream().map(c -> Instant.parse(TestQueues.attribute(c, DeadLetterQueue.FAILED_AT))).sorted().toList();
            boolean killWindow = copies.size() == 2
                    && parksBySurvivors.getOrDefault(e.getKey(), 0) == 1
                    && !sent.get(0).isAfter(killedAt) && sent.get(0).isAfter(killedAt.minusSeconds(2))
                    && sent.get(1).isAfter(killedAt);
            assertTrue(killWindow, "message " + e.getKey() + " parked " + copies.size() + " times, at " + sent
                    + " (victim killed at " + killedAt + "); the victim's parks: " + victimParks(victim));
            killWindowDuplicates++;
        }
        if (killWindowDuplicates > 0) {
            System.out.println("scale-out: the SIGKILL landed between a DLQ send and its source delete; "
                    + killWindowDuplicates + " message(s) parked by the victim and again by a survivor");
        }
        assertTrue(killWindowDuplicates <= 4, "one kill catches at most one park per receiver thread (sqs.receivers=4): "
                + killWindowDuplicates);
        assertEquals(bad, parked.size() - killWindowDuplicates, "DLQ holds exactly the bad messages");
    }

    private static List<String> victimParks(AppProcess victim) {
        List<String> ids = new ArrayList<>();
        Matcher m = PARKED.matcher(victim.output());
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The received count of the instance's last progress line (0 before any). */
    private static long lastReceived(AppProcess app) {
        Matcher m = PROGRESS.matcher(app.output());
        long received = 0;
        while (m.find()) {
            received = Long.parseLong(m.group(1));
        }
        return received;
    }
}

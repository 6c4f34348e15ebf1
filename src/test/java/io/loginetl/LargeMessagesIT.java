package io.loginetl;

import io.loginetl.parking.DeadLetterQueue;
import io.loginetl.support.AppProcess;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import io.loginetl.tools.ProcStat;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory is bounded by bytes, not by message count: 1,000 logins of ~200 KB each (a huge unknown field)
 * plus the real sample, drained by the jar at -Xmx256m with batches held up to 5 s, the setting under
 * which batches of 500 such rows used to fill the heap. With the default sqs.max-body-bytes the large ones
 * are parked as too-large before they are parsed; allowed in (262144), they load, in batches that
 * batch.max-bytes keeps small. Either way: no OutOfMemoryError, exit 0, every message loaded or parked once.
 */
class LargeMessagesIT extends RealPartsTestSupport {

    private static final int LARGE = 1000;
    private static final int PADDING_CHARS = 200_000;

    @Test
    void largeMessagesOverTheBodyLimitAreParkedTooLargeAndTheRestLoad() throws Exception {
        List<String> large = sendLargeAndSample();
        drain(Map.of());

        assertEquals(99, db.count("SELECT count(*) FROM user_logins"), "the sample's valid logins, each once");
        assertEquals(0, db.count("SELECT count(*) FROM user_logins WHERE user_id LIKE 'large-%'"), "no large one loaded");
        List<Message> parked = queues.drainDlq();
        Map<String, Long> reasons = reasons(parked);
        assertEquals(Map.of("too-large", (long) LARGE, "missing-field", 1L), reasons, "parked once each, with the reason");
        assertEquals(LARGE + 1, db.count("SELECT count(*) FROM login_etl_parked"), "one parking record per parked message");
        for (Message m : parked) {
            if ("too-large".equals(TestQueues.attribute(m, DeadLetterQueue.REASON))) {
                assertTrue(large.contains(m.body()), "a large message is parked with its body intact");
                String detail = TestQueues.attribute(m, DeadLetterQueue.REASON_DETAIL);
                assertEquals("too-large: the body is over 65536 bytes of UTF-8", detail, "the reason gives the limit only");
            }
        }
        assertEquals(0, queues.depth(queues.queue), "source queue empty");
    }

    @Test
    void largeMessagesUnderARaisedBodyLimitLoadInBatchesBoundedByBytes() throws Exception {
        sendLargeAndSample();
        drain(Map.of("sqs.max-body-bytes", "262144"));

        assertEquals(LARGE + 99, db.count("SELECT count(*) FROM user_logins"), "every valid login");
        assertEquals(LARGE + 99, db.count("SELECT count(DISTINCT user_id) FROM user_logins"), "each once");
        assertEquals(LARGE, db.count("SELECT count(*) FROM user_logins WHERE user_id LIKE 'large-%'"));
        assertEquals(LARGE + 99, db.count("SELECT count(*) FROM login_etl_ledger"), "ledger entries");
        assertEquals(Map.of("missing-field", 1L), reasons(queues.drainDlq()), "only the malformed sample message parked");
        assertEquals(0, queues.depth(queues.queue), "source queue empty");
    }

    @Test
    void runningOutOfMemoryAnywayEndsTheProcessInsteadOfHanging() throws Exception {
        sendLargeAndSample();
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        // Every bound lifted: one batch of all 1,000 bodies of 200 KB, held for 60 s, cannot fit in 256 MB.
        settings.put("sqs.max-body-bytes", "262144");
        settings.put("batch.max-bytes", Long.toString(Long.MAX_VALUE));
        settings.put("batch.size", "100000");
        settings.put("batch.max-wait-ms", "60000");
        settings.put("camel.main.duration-max-idle-seconds", "120");
        try (AppProcess app = AppProcess.start(settings)) { // -Xmx256m, no -XX:+ExitOnOutOfMemoryError
            int exit = app.awaitExit(240);
            assertEquals(FatalErrors.EXIT_CODE, exit, "exit code of a halt on OutOfMemoryError:\n" + tail(app.output()));
            assertTrue(app.output().contains("java.lang.OutOfMemoryError: stopping"), tail(app.output()));
        }
        assertEquals(0, db.count("SELECT count(*) FROM user_logins WHERE user_id LIKE 'large-%'"), "nothing of a held batch was written");
        // The malformed sample message may have been parked (and deleted) before the halt; all else waits in the queue.
        assertTrue(queues.depth(queues.queue) >= LARGE + 99, "nothing lost: every valid message is still in the queue, to come back");
    }

    /** Runs the jar until it has been idle for a while; it must exit 0 without running out of memory. */
    private void drain(Map<String, String> extra) throws Exception {
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        // Batches held up to 5 s: closed by batch.size or batch.max-bytes long before, under load.
        settings.put("batch.max-wait-ms", "5000");
        settings.put("camel.main.duration-max-idle-seconds", "10");
        settings.putAll(extra);
        long peakRssKb = 0;
        try (AppProcess app = AppProcess.start(settings)) { // -Xmx256m
            long deadline = System.nanoTime() + 300_000_000_000L;
            while (app.isAlive() && System.nanoTime() < deadline) {
                peakRssKb = Math.max(peakRssKb, ProcStat.peakRssKb(app.pid()));
                Thread.sleep(200);
            }
            int exit = app.awaitExit(30);
            String output = app.output();
            assertFalse(output.contains("OutOfMemoryError"), "ran out of memory:\n" + tail(output));
            assertEquals(0, exit, tail(output));
        }
        System.out.printf("LargeMessagesIT %s: peak RSS of the app %d MB at -Xmx256m%n", extra, peakRssKb / 1024);
    }

    /** 1,000 large logins and the 100-message sample, in the queue; returns the large bodies. */
    private List<String> sendLargeAndSample() throws Exception {
        String padding = "x".repeat(PADDING_CHARS);
        List<String> large = new ArrayList<>();
        for (int i = 0; i < LARGE; i++) {
            large.add("{\"user_id\": \"large-" + i + "\", \"app_version\": \"2.3.0\", \"device_type\": \"android\","
                    + " \"ip\": \"10.1." + (i / 250) + "." + (i % 250) + "\", \"locale\": \"DE\", \"device_id\": \"100-00-" + i + "\","
                    + " \"unknown_huge_field\": \"" + padding + "\"}");
        }
        // One per SendMessage: ten of them are over the 256 KiB a SendMessageBatch may carry.
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (String body : large) {
                sends.add(senders.submit(() -> queues.sqs.sendMessage(b -> b.queueUrl(queues.queueUrl).messageBody(body))));
            }
            for (Future<?> send : sends) {
                send.get();
            }
        } finally {
            senders.shutdown();
        }
        queues.send(TestQueues.sample());
        assertEquals(LARGE + 100, queues.depth(queues.queue), "all in the queue");
        return large;
    }

    private static Map<String, Long> reasons(List<Message> parked) {
        return parked.stream().collect(Collectors.groupingBy(m -> TestQueues.attribute(m, DeadLetterQueue.REASON),
                TreeMap::new, Collectors.counting()));
    }

    private static String tail(String output) {
        return output.substring(Math.max(0, output.length() - 6000));
    }
}

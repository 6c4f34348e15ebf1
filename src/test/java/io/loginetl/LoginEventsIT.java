package io.loginetl;

import io.loginetl.support.Pipeline;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.SampleExpectations;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real YAML routes on Camel Main, against ElasticMQ in this JVM and the real Postgres. */
class LoginEventsIT extends RealPartsTestSupport {

    @Test
    void sampleLoadsNinetyNineRowsAndParksTheMalformedMessage() throws Exception {
        List<String> sample = TestQueues.sample();
        queues.send(sample);

        try (Pipeline ignored = Pipeline.start(TestSettings.of(server.endpoint(), queues, db))) {
            await("99 rows and an empty source queue").atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM user_logins") == 99 && queues.depth(queues.queue) == 0);
        }

        SampleExpectations.assertSampleLoaded(sample, db, queues);
    }

    @Test
    void sameInputGivesSameTokensAcrossRuns() throws Exception {
        List<String> sample = TestQueues.sample();
        for (int run = 1; run <= 2; run++) {
            queues.send(sample);
            int expected = 99 * run;
            try (Pipeline ignored = Pipeline.start(TestSettings.of(server.endpoint(), queues, db))) {
                await(expected + " rows").atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM user_logins") == expected && queues.depth(queues.queue) == 0);
            }
        }
        assertEquals(99, db.count("SELECT count(DISTINCT masked_ip) FROM user_logins"));
        assertEquals(99, db.count("SELECT count(DISTINCT masked_device_id) FROM user_logins"));
        assertEquals(99, db.count("SELECT count(*) FROM (SELECT user_id FROM user_logins GROUP BY user_id, masked_ip,"
                + " masked_device_id HAVING count(*) = 2) twice"), "each event's two runs carry identical tokens");
        assertNull(db.rows("SELECT masked_ip FROM user_logins WHERE masked_ip LIKE '%.%.%.%'").stream().findAny().orElse(null),
                "no raw IPv4 address stored");
    }

    @Test
    void redeliveredMessagesGiveOneRowEach() throws Exception {
        List<String> sample = TestQueues.sample();
        queues.send(sample);
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        // Batches wait longer than the visibility timeout, so SQS hands the same messages out again
        // before their first batch commits: every message is delivered at least twice.
        settings.put("sqs.visibility-timeout", "1");
        settings.put("batch.max-wait-ms", "2500");
        settings.put("batch.size", "1000");
        try (Pipeline pipeline = Pipeline.start(settings)) {
            await("the pipeline started").atMost(Duration.ofSeconds(60)).until(() -> pipeline.camelContext() != null && pipeline.camelContext().isStarted());
            MeterRegistry meters = pipeline.camelContext().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
            // Settled: the source queue is empty and every delivery SQS made (copies included) has been
            // stored, skipped as a duplicate or parked, so no batch still holds a redelivered copy.
            await("every message loaded and deleted, every delivery accounted for").atMost(Duration.ofSeconds(90)).until(() -> db.count("SELECT count(*) FROM user_logins") >= 99 && queues.depth(queues.queue) == 0
                            && count(meters, "loginetl.messages.received") == count(meters, "loginetl.rows.inserted")
                            + count(meters, "loginetl.duplicates.skipped") + count(meters, "loginetl.messages.rejected")
                            + count(meters, "loginetl.messages.parked.before"));
            double received = count(meters, "loginetl.messages.received");
            assertTrue(received > sample.size(), "SQS delivered messages again: " + received + " deliveries of " + sample.size());
            assertTrue(count(meters, "loginetl.duplicates.skipped") >= 1, "a redelivered copy reached the database and was skipped");
        }
        assertEquals(99, db.count("SELECT count(*) FROM user_logins"));
        assertEquals(99, db.count("SELECT count(DISTINCT user_id) FROM user_logins"));
        assertTrue(queues.drainDlq().size() >= 1, "the malformed message is parked");
    }

    /** A counter's value, summed over its labels. */
    private static double count(MeterRegistry meters, String name) {
        return meters.get(name).meters().stream().mapToDouble(meter -> meter instanceof FunctionCounter f ? f.count()
                : ((Counter) meter).count()).sum();
    }
}

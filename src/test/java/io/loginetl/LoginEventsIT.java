package io.loginetl;

import io.loginetl.support.Pipeline;
import io.loginetl.support.RealPartsTest;
import io.loginetl.support.SampleExpectations;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real YAML routes on Camel Main, against ElasticMQ in this JVM and the real Postgres. */
class LoginEventsIT extends RealPartsTest {

    @Test
    void sampleLoadsNinetyNineRowsAndParksTheMalformedMessage() throws Exception {
        List<String> sample = TestQueues.sample();
        queues.send(sample);

        try (Pipeline ignored = Pipeline.start(TestSettings.of(server.endpoint(), queues, db))) {
            Pipeline.await(Duration.ofSeconds(60), "99 rows and an empty source queue",
                    () -> db.count("SELECT count(*) FROM user_logins") == 99 && queues.depth(queues.queue) == 0);
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
                Pipeline.await(Duration.ofSeconds(60), expected + " rows",
                        () -> db.count("SELECT count(*) FROM user_logins") == expected && queues.depth(queues.queue) == 0);
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
        try (Pipeline ignored = Pipeline.start(settings)) {
            Pipeline.await(Duration.ofSeconds(90), "every message loaded and deleted",
                    () -> db.count("SELECT count(*) FROM user_logins") >= 99 && queues.depth(queues.queue) == 0);
            Thread.sleep(3000); // let any batch still holding a redelivered copy commit
        }
        assertEquals(99, db.count("SELECT count(*) FROM user_logins"));
        assertEquals(99, db.count("SELECT count(DISTINCT user_id) FROM user_logins"));
        assertTrue(queues.drainDlq().size() >= 1, "the malformed message is parked");
    }
}

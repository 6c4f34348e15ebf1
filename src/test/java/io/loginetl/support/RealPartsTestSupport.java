package io.loginetl.support;

import io.loginetl.tools.EmbeddedSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real parts an integration test runs against: ElasticMQ embedded in this JVM (one per test class,
 * speaking the real SQS HTTP protocol), and per test a fresh database on the real Postgres and a
 * uniquely named queue and dead-letter queue.
 */
public abstract class RealPartsTestSupport {

    protected static EmbeddedSqs server;
    protected TestDatabase db;
    protected TestQueues queues;

    @BeforeAll
    static void startSqs() {
        server = EmbeddedSqs.start();
    }

    @AfterAll
    static void stopSqs() {
        server.close();
    }

    @BeforeEach
    void freshQueuesAndDatabase() {
        db = TestDatabase.create();
        queues = new TestQueues(server.endpoint());
    }

    /** Each of {@code expected} messages is one row with its ledger entry, and the source queue is empty. */
    protected void assertEveryMessageLoadedOnce(int expected) {
        assertEquals(expected, db.count("SELECT count(*) FROM user_logins"), "rows");
        assertEquals(expected, db.count("SELECT count(DISTINCT user_id) FROM user_logins"), "distinct events");
        assertEquals(expected, db.count("SELECT count(*) FROM login_etl_ledger"), "ledger entries");
        assertEquals(0, queues.depth(queues.queue), "source queue empty: nothing visible, nothing in flight");
    }

    @AfterEach
    void closeQueuesAndDropDatabase() {
        queues.close();
        db.close();
    }
}

package io.loginetl;

import io.loginetl.db.Schema;
import io.loginetl.health.StallHealthCheck;
import io.loginetl.support.Management;
import io.loginetl.support.Pipeline;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.TcpProxy;
import io.loginetl.support.TestDatabase;
import io.loginetl.support.TestSettings;
import io.loginetl.tools.LoginGenerator;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database that hangs instead of failing. The network to Postgres goes silent for 25 s while batches
 * are being written: the connections open at that moment stay half-open for good (nothing answers,
 * nothing is reset), and new ones get no answer until it heals. With the default timeouts and
 * health.stall-seconds=15, liveness turns DOWN within 30 s, and once the network heals the pipeline
 * gives the dead connections up by itself and loads every message once, without a restart.
 */
class HungDatabaseIT extends RealPartsTestSupport {

    private static final int MESSAGES = 2000;
    private static final Duration CUT = Duration.ofSeconds(25);

    @Test
    void livenessTurnsDownWhileTheDatabaseHangsAndEveryMessageLoadsOnceItHeals() throws Exception {
        createTablesThatTakeAWhileToWrite();
        queues.send(new LoginGenerator(12, 0.1, 0).next(MESSAGES));

        try (TcpProxy proxy = new TcpProxy(TestDatabase.HOST, TestDatabase.PORT)) {
            Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
            settings.put("db.url", db.jdbcUrl("127.0.0.1", proxy.port()));
            settings.put("health.stall-seconds", "15");
            settings.put("batch.size", "100");
            Management management = Management.of(settings);
            try (Pipeline pipeline = Pipeline.start(settings)) {
                await("the first rows").atMost(Duration.ofSeconds(60)).until(() -> rows() >= 200);
                assertEquals(200, management.live().status(), "live while it loads");

                proxy.cutSilently();
                long cutAt = System.nanoTime();
                Management.Answer[] down = new Management.Answer[1];
                await("liveness DOWN within 30 s of the cut").atMost(Duration.ofSeconds(30)).until(() -> {
                    down[0] = management.live();
                    return down[0].status() == 503;
                });
                Duration downAfter = Duration.ofNanos(System.nanoTime() - cutAt);
                assertEquals("DOWN", down[0].check(StallHealthCheck.ID), down[0].body());
                assertTrue(downAfter.compareTo(Duration.ofSeconds(14)) >= 0,
                        "DOWN for the stall (15 s without a commit), not for anything else: after " + downAfter);
                long rowsWhileHung = rows();
                assertTrue(rowsWhileHung < MESSAGES, "work was waiting: " + rowsWhileHung + " rows");

                // For the rest of the cut nothing commits, and liveness stays DOWN
                Duration rest = Duration.ofMillis(Math.max(1, CUT.minusNanos(System.nanoTime() - cutAt).toMillis()));
                await("liveness DOWN and nothing committed through a silent network, for the rest of the cut")
                        .during(rest).atMost(rest.plusSeconds(10)).pollInterval(Duration.ofMillis(500))
                        .until(() -> management.live().status() == 503 && rows() == rowsWhileHung);
                proxy.restore();

                await("every message loaded after the cut healed, no restart").atMost(Duration.ofSeconds(150)).until(() -> rows() == MESSAGES && queues.depth(queues.queue) == 0);
                await("liveness UP again").atMost(Duration.ofSeconds(10)).until(() -> management.live().status() == 200);
                assertTrue(pipeline.isRunning(), "the same process throughout");
            }
        }
        assertEquals(MESSAGES, db.count("SELECT count(DISTINCT user_id) FROM user_logins"), "each message once");
        assertEquals(MESSAGES, db.count("SELECT count(*) FROM login_etl_ledger"));
        assertEquals(0, queues.depth(queues.dlq), "nothing parked");
    }

    /**
     * The tables as the pipeline makes them, with a statement trigger that holds each insert 0.2 s, so
     * that batches are on the wire (the client waiting for Postgres's answer) when the network goes silent.
     */
    private void createTablesThatTakeAWhileToWrite() {
        PGSimpleDataSource owner = new PGSimpleDataSource();
        owner.setUrl(db.jdbcUrl());
        owner.setUser(db.user());
        owner.setPassword(db.password());
        Schema.ensure(owner);
        db.execute("CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN PERFORM pg_sleep(0.2); RETURN NULL; END $$");
        db.execute("CREATE TRIGGER slow_insert AFTER INSERT ON user_logins FOR EACH STATEMENT EXECUTE FUNCTION slow_insert()");
    }

    private long rows() {
        return db.count("SELECT count(*) FROM user_logins");
    }
}

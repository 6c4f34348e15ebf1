package io.loginetl.db;

import io.loginetl.support.AppProcess;
import io.loginetl.support.TcpProxy;
import io.loginetl.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `prune` bounds the ledger and the parked records on the real Postgres, and never below a redriven message's return. */
class PruneIT {

    private TestDatabase db;

    @BeforeEach
    void tablesWithOldAndRecentRecords() {
        db = TestDatabase.create();
        db.execute(Schema.LEDGER);
        db.execute(Schema.PARKED);
        // More old ledger records than one chunk deletes, so that pruning takes several.
        db.execute("INSERT INTO login_etl_ledger(message_id, loaded_at) SELECT 'old-' || n, now() - interval '50 days'"
                + " FROM generate_series(1, " + (Prune.CHUNK * 2 + 500) + ") n");
        db.execute("INSERT INTO login_etl_ledger(message_id, loaded_at) SELECT 'day44-' || n, now() - interval '44 days'"
                + " FROM generate_series(1, 5) n");
        db.execute("INSERT INTO login_etl_ledger(message_id) SELECT 'new-' || n FROM generate_series(1, 5) n");
        db.execute("INSERT INTO login_etl_parked(message_id, parked_at) SELECT 'old-' || n, now() - interval '46 days'"
                + " FROM generate_series(1, 3) n");
        db.execute("INSERT INTO login_etl_parked(message_id) SELECT 'new-' || n FROM generate_series(1, 2) n");
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void recordsOlderThanTheRetentionAreDeletedAndNewerOnesKept() throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            assertEquals(new Prune.Result(Prune.CHUNK * 2L + 500, 3), Prune.run(c, 45, 30));
            assertEquals(new Prune.Result(0, 0), Prune.run(c, 45, 30), "a second run finds nothing more");
        }
        assertEquals(0, db.count("SELECT count(*) FROM login_etl_ledger WHERE message_id LIKE 'old-%'"));
        assertEquals(10, db.count("SELECT count(*) FROM login_etl_ledger WHERE message_id LIKE 'day44-%' OR message_id LIKE 'new-%'"));
        assertEquals(2, db.count("SELECT count(*) FROM login_etl_parked WHERE message_id LIKE 'new-%'"));
        assertEquals(0, db.count("SELECT count(*) FROM login_etl_parked WHERE message_id LIKE 'old-%'"));
    }

    @Test
    void aRetentionShorterThanARedrivenMessageCanTakeToComeBackIsRefusedAndDeletesNothing() throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Prune.run(c, 42, 30));
            assertTrue(refused.getMessage().contains("at least 43"), refused.getMessage());
        }
        assertEquals(Prune.CHUNK * 2L + 510, db.count("SELECT count(*) FROM login_etl_ledger"));
        assertEquals(5, db.count("SELECT count(*) FROM login_etl_parked"));
    }

    @Test
    void pruneCommandReportsWhatItDeletedWithoutThePassword() throws Exception {
        Map<String, String> settings = Map.of("db.url", db.jdbcUrl(), "db.user", db.user(), "db.password", db.password());
        try (AppProcess prune = AppProcess.start(settings, "prune")) {
            assertEquals(0, prune.awaitExit(60), prune.output());
            assertTrue(prune.output().contains("prune: deleted " + (Prune.CHUNK * 2 + 500) + " ledger and 3 parked record(s) older than 45 days"),
                    prune.output());
            assertFalse(prune.output().contains(db.password()), "the password never reaches the output");
        }
        try (AppProcess refused = AppProcess.start(Map.of("db.url", db.jdbcUrl(), "db.user", db.user(), "db.password", db.password(),
                "ledger.retention-days", "30"), "prune")) {
            assertEquals(1, refused.awaitExit(60), refused.output());
            // Refused by the settings check, before prune connects
            assertTrue(refused.output().contains("login-etl: LEDGER_RETENTION_DAYS (ledger.retention-days) is 30: allowed a whole number"
                    + " from 43 to"), refused.output());
        }
        assertEquals(10, db.count("SELECT count(*) FROM login_etl_ledger"));
    }

    @Test
    void aDatabaseThatNeverAnswersFailsThePruneInsteadOfHangingIt() throws Exception {
        try (TcpProxy silent = new TcpProxy(TestDatabase.HOST, TestDatabase.PORT)) {
            silent.cutSilently(); // connections are accepted, and nothing ever comes back
            Map<String, String> settings = Map.of("db.url", db.jdbcUrl("127.0.0.1", silent.port()), "db.user", db.user(),
                    "db.password", db.password(), "db.connect-timeout-seconds", "2", "db.socket-timeout-seconds", "3",
                    "db.statement-timeout-seconds", "2"); // the socket timeout stays above it, as the settings check asks
            long start = System.nanoTime();
            try (AppProcess prune = AppProcess.start(settings, "prune")) {
                assertEquals(1, prune.awaitExit(60), prune.output());
                assertTrue(prune.output().contains("login-etl: prune failed: cannot connect (SQLState 08"), prune.output());
                assertFalse(prune.output().contains(db.password()), "the password never reaches the output");
            }
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(30)) < 0,
                    "bounded by the connect timeout, not by a cron job's patience");
        }
        assertEquals(Prune.CHUNK * 2L + 510, db.count("SELECT count(*) FROM login_etl_ledger"), "nothing was deleted");
    }
}

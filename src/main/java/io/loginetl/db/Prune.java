package io.loginetl.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Deletes ledger and parked-message records older than a retention, so that the two tables the pipeline
 * only ever inserts into (one ledger row per message loaded) stay bounded. A record must outlive every
 * copy of its message that can still arrive. A loaded message whose deletes kept failing comes back for
 * up to 14 days (SQS's longest retention), is parked once it has been received sqs.max-receives times,
 * waits up to 14 days in the dead-letter queue, and once redriven up to 14 more in the source queue; the
 * ledger must still know it then. Hence at least {@link #MIN_RETENTION_DAYS}. Deletes go in chunks, each
 * its own transaction, so locks stay short and the pipeline keeps writing meanwhile; a chunk finds its
 * rows by ctid, with no index on the timestamps for every insert to maintain.
 */
public final class Prune {

    /** 14 days in the source queue, 14 in the dead-letter queue, 14 in the source queue again, and one to spare. */
    public static final int MIN_RETENTION_DAYS = 43;

    static final int CHUNK = 10_000;

    /** How many records each table lost. */
    public record Result(long ledger, long parked) {
    }

    private Prune() {
    }

    /**
     * @param statementTimeoutSeconds each chunk's bound (0: none), so that a database that hangs fails the run
     * @throws IllegalArgumentException if the retention is below {@link #MIN_RETENTION_DAYS}
     */
    public static Result run(Connection db, int retentionDays, int statementTimeoutSeconds) throws SQLException {
        if (retentionDays < MIN_RETENTION_DAYS) {
            throw new IllegalArgumentException("ledger.retention-days must be at least " + MIN_RETENTION_DAYS + " (was " + retentionDays
                    + "): a loaded message can come back up to 14 days after it was sent, and twice 14 more if it was parked"
                    + " and is redriven, and without its ledger record it would be loaded twice");
        }
        db.setAutoCommit(true);
        return new Result(prune(db, "login_etl_ledger", "loaded_at", retentionDays, statementTimeoutSeconds),
                prune(db, "login_etl_parked", "parked_at", retentionDays, statementTimeoutSeconds));
    }

    private static long prune(Connection db, String table, String column, int days, int timeoutSeconds) throws SQLException {
        String sql = "DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + table + " WHERE " + column
                + " < now() - make_interval(days => ?) LIMIT " + CHUNK + "))";
        long deleted = 0;
        try (PreparedStatement delete = db.prepareStatement(sql)) {
            delete.setInt(1, days);
            delete.setQueryTimeout(timeoutSeconds);
            int chunk;
            do {
                chunk = delete.executeUpdate();
                deleted += chunk;
            } while (chunk == CHUNK);
        }
        return deleted;
    }
}

package io.loginetl.db;

import io.loginetl.config.Redact;
import io.loginetl.config.StartupException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Creates the tables if missing. {@code user_logins} keeps the take-home DDL exactly; the ledger of
 * processed SQS message ids and the record of parked ones are ours, and make redeliveries harmless.
 * An advisory lock serialises the DDL when several instances start at once.
 */
public final class Schema {

    static final String USER_LOGINS = """
            CREATE TABLE IF NOT EXISTS user_logins(
                user_id varchar(128), device_type varchar(32), masked_ip varchar(256),
                masked_device_id varchar(256), locale varchar(32), app_version integer, create_date date)""";

    static final String LEDGER = """
            CREATE TABLE IF NOT EXISTS login_etl_ledger(
                message_id varchar(128) PRIMARY KEY, loaded_at timestamptz NOT NULL DEFAULT now())""";

    /**
     * The SQS message ids (as received) of the messages parked in a dead-letter queue, so that a message
     * SQS delivers again is deleted instead of parked a second time (see ParkedMessages for the key).
     */
    static final String PARKED = """
            CREATE TABLE IF NOT EXISTS login_etl_parked(
                message_id varchar(128) PRIMARY KEY, parked_at timestamptz NOT NULL DEFAULT now())""";

    /** Any constant works; this one spells "loginetl" in ASCII. */
    private static final long DDL_LOCK = 0x6c6f67696e65746cL;

    private Schema() {
    }

    public static void ensure(DataSource dataSource, String dbUrl) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
            statement.execute(USER_LOGINS);
            statement.execute(LEDGER);
            statement.execute(PARKED);
            connection.commit();
        } catch (SQLException e) {
            // The SQLState of the first exception in the chain that has one: the pool's own has none
            throw new StartupException("cannot prepare the database at " + Redact.jdbcUrl(dbUrl) + ": "
                    + SqlStates.describe(e) + ": check DB_URL (db.url), DB_USER and DB_PASSWORD");
        }
    }
}

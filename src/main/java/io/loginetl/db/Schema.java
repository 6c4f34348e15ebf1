package io.loginetl.db;

import io.loginetl.config.Redact;
import io.loginetl.config.StartupException;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The tables the pipeline writes, created only if missing. {@code user_logins} keeps the take-home DDL
 * exactly; the ledger of processed SQS message ids and the record of parked ones are ours, and make
 * redeliveries harmless.
 * <p>
 * Tables that exist are left alone, without any DDL, so the pipeline can run as a role that may only
 * use them (see {@link Table#privileges()}), with no CREATE privilege on the schema. Only when a
 * table is missing does it take an advisory lock, which serialises the DDL when several instances
 * start at once against an empty database, and create what is still missing under it.
 */
public final class Schema {

    /** A table, the privileges the pipeline's role needs on it (README, Database privileges), its DDL. */
    public record Table(String name, String privileges, String ddl) {
    }

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

    /** Every table, in creation order: a new table is one line here. */
    public static final List<Table> TABLES = List.of(
            new Table("user_logins", "INSERT", USER_LOGINS),
            // SELECT: the insert reads back the ids it added (RETURNING message_id)
            new Table("login_etl_ledger", "SELECT, INSERT", LEDGER),
            // SELECT: ON CONFLICT (message_id) reads the conflict target
            new Table("login_etl_parked", "SELECT, INSERT", PARKED));

    /** Any constant works; this one spells "loginetl" in ASCII. Package-private for SchemaConcurrencyIT. */
    static final long DDL_LOCK = 0x6c6f67696e65746cL;

    private Schema() {
    }

    public static void ensure(DataSource dataSource) {
        String dbUrl = ConnectionPool.url(dataSource);
        List<Table> created = List.of();
        try (Connection connection = dataSource.getConnection()) {
            if (missing(connection).isEmpty()) {
                return;
            }
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
                // Again, under the lock: another instance may have created them while we waited
                created = missing(connection);
                for (Table table : created) {
                    statement.execute(table.ddl());
                }
            }
            connection.commit();
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState()) && !created.isEmpty()) {
                throw new StartupException("tables " + names(created) + " are missing in the database at "
                        + Redact.jdbcUrl(dbUrl) + " and DB_USER (db.user) may not create them (SQLState 42501):"
                        + " create them with a role that may, and grant this one what the README lists under Database privileges");
            }
            // The SQLState of the first exception in the chain that has one: the pool's own has none
            throw new StartupException("cannot prepare the database at " + Redact.jdbcUrl(dbUrl) + ": "
                    + SqlStates.describe(e) + ": check DB_URL (db.url), DB_USER and DB_PASSWORD");
        }
    }

    /**
     * The tables the inserts would not find. to_regclass resolves a name through the search_path, as
     * the inserts do, and needs no privilege on the table.
     */
    static List<Table> missing(Connection connection) throws SQLException {
        List<String> absent = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT name FROM unnest(?) AS name WHERE to_regclass(name) IS NULL")) {
            Array names = connection.createArrayOf("text", TABLES.stream().map(Table::name).toArray());
            query.setArray(1, names);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    absent.add(rows.getString(1));
                }
            }
        }
        return TABLES.stream().filter(table -> absent.contains(table.name())).toList();
    }

    /** The names of these tables, comma separated. */
    public static String names(List<Table> tables) {
        return String.join(", ", tables.stream().map(Table::name).toList());
    }
}

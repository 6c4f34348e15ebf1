package io.loginetl.tools;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Postgres' CPU for one benchmark database: the backends connected to it (login-etl's pool) plus the
 * cluster's WAL writer, checkpointer and background writer (shared with whatever else uses this Postgres),
 * read from /proc like the JVMs'. One connection of its own, left out of the sum, also answers the counts.
 */
final class PostgresCpu implements AutoCloseable {

    private final Connection connection;
    private final String database;

    PostgresCpu(String url, String user, String password, String database) throws SQLException {
        this.connection = DriverManager.getConnection(url, user, password);
        this.database = database;
    }

    /** User+system ticks per Postgres process of interest, now. */
    Map<Long, Long> sample() throws SQLException {
        Map<Long, Long> ticks = new HashMap<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT pid FROM pg_stat_activity WHERE (datname = ? AND pid <> pg_backend_pid())"
                + " OR backend_type IN ('walwriter', 'checkpointer', 'background writer')")) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long t = ProcStat.processTicks(rs.getLong(1));
                    if (t >= 0) {
                        ticks.put(rs.getLong(1), t);
                    }
                }
            }
        }
        return ticks;
    }

    /** Ticks spent between two samples; a backend that started in between counts whole, one that ended is lost. */
    static long spent(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (var e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }

    /** A count(*), or 0 while the table does not exist yet. */
    long count(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                return 0;
            }
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}

package io.loginetl.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database on the machine's real Postgres for one test, with a login role of its own, dropped
 * afterwards. The application connects as that role, whose password is random: tests can check that it
 * never leaks, and the suite runs the same whether the server trusts local connections or checks
 * passwords. The admin login (test.db.user, default postgres) needs CREATEDB and CREATEROLE.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String HOST = System.getProperty("test.db.host", "127.0.0.1");
    public static final int PORT = Integer.getInteger("test.db.port", 5432);
    /** The admin login that creates and drops the test databases and their roles. */
    public static final String USER = System.getProperty("test.db.user", "postgres");
    public static final String PASSWORD = System.getProperty("test.db.password", "postgres");

    private final String name;
    private final String password;
    private final List<Role> roles = new ArrayList<>();

    /** A login role of this test's own, beside the owner. */
    public record Role(String name, String password) {
    }

    private TestDatabase(String name, String password) {
        this.name = name;
        this.password = password;
    }

    public static TestDatabase create() {
        String name = "login_etl_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String password = "pw-" + UUID.randomUUID().toString().replace("-", "");
        admin("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
        // Membership lets a non-superuser admin give the role a database and end its sessions when dropping it
        try {
            admin("GRANT " + name + " TO CURRENT_USER");
            admin("CREATE DATABASE " + name + " OWNER " + name);
        } catch (IllegalStateException e) {
            admin("DROP ROLE IF EXISTS " + name);
            throw e;
        }
        return new TestDatabase(name, password);
    }

    /** The login role the application (and the test's own queries) use for this database. */
    public String user() {
        return name;
    }

    public String password() {
        return password;
    }

    public String name() {
        return name;
    }

    /**
     * Another login role with a random password, dropped with the database. It starts with what PUBLIC
     * has (CONNECT; on Postgres 15 and later no CREATE on schema public): the owner grants it the rest.
     */
    public Role createRole() {
        Role role = new Role(name + "_" + (roles.size() + 1), "pw-" + UUID.randomUUID().toString().replace("-", ""));
        admin("CREATE ROLE " + role.name() + " LOGIN PASSWORD '" + role.password() + "'");
        roles.add(role);
        return role;
    }

    public String jdbcUrl() {
        return jdbcUrl(HOST, PORT);
    }

    /** The URL of this database through another host and port (a proxy, say). */
    public String jdbcUrl(String host, int port) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name + "?reWriteBatchedInserts=true";
    }

    public List<Map<String, Object>> rows(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long count(String sql) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // the pipeline has not created the table yet
            }
            throw new IllegalStateException(e);
        }
    }

    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), name, password);
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", USER, PASSWORD);
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Postgres at " + HOST + ":" + PORT + " as " + USER
                    + " (with CREATEDB and CREATEROLE; see README, Tests) is needed for this test: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        for (Role role : roles) {
            admin("DROP ROLE IF EXISTS " + role.name());
        }
        admin("DROP ROLE IF EXISTS " + name);
    }
}

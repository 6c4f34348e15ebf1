package io.loginetl.tools;

import io.loginetl.config.StartupException;
import io.loginetl.db.Schema;
import io.loginetl.db.SqlStates;
import io.loginetl.config.Redact;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's own database, {@value #NAME}, on the server that db.url names: the demo's generated rows,
 * masked with a key that may be thrown away, never land beside real ones. Created if missing; its
 * tables are emptied at each run, so the report describes that run alone.
 */
final class DemoDatabase {

    static final String NAME = "login_etl_demo";

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?");

    private DemoDatabase() {
    }

    /** db.url with its database replaced by the demo's; the server and driver parameters stay. */
    static String url(String dbUrl) {
        return withDatabase(dbUrl, NAME);
    }

    /**
     * Camel gives DB_URL in the environment the last word over any other setting, so the demo cannot
     * swap its database: a DB_URL that names another database stops the demo before it does anything.
     */
    static void refuseOtherDatabaseIn(String environmentUrl) {
        if (environmentUrl != null && !environmentUrl.isBlank() && !url(environmentUrl).equals(environmentUrl.strip())) {
            throw new StartupException("demo: DB_URL names a database other than the demo's own; the demo loads only into "
                    + NAME + " (created if missing): run it with DB_URL=" + Redact.jdbcUrl(url(environmentUrl)) + ", or without DB_URL");
        }
    }

    /** Creates the demo database if it is missing and empties its tables; returns its URL. */
    static String prepare(String dbUrl, String user, String password) {
        String demoUrl = url(dbUrl);
        // Created through db.url's database, or through the server's postgres database when that is the demo's
        String via = demoUrl.equals(dbUrl.strip()) ? withDatabase(dbUrl, "postgres") : dbUrl;
        try (Connection server = DriverManager.getConnection(via, user, password);
             PreparedStatement exists = server.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, NAME);
            if (!exists.executeQuery().next()) {
                try (Statement create = server.createStatement()) {
                    create.execute("CREATE DATABASE " + NAME);
                }
            }
        } catch (SQLException e) {
            throw new StartupException("demo: cannot create database " + NAME + " through " + Redact.jdbcUrl(via) + ": "
                    + SqlStates.describe(e) + ": check DB_URL, DB_USER and DB_PASSWORD; DB_USER needs CREATEDB"
                    + " (or create the database first: createdb " + NAME + ")");
        }
        try (Connection demo = DriverManager.getConnection(demoUrl, user, password); Statement s = demo.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + Schema.names(Schema.TABLES));
        } catch (SQLException e) {
            throw new StartupException("demo: cannot empty the tables of " + Redact.jdbcUrl(demoUrl) + ": "
                    + SqlStates.describe(e) + ": check DB_USER and DB_PASSWORD");
        }
        return demoUrl;
    }

    private static String withDatabase(String dbUrl, String database) {
        Matcher m = URL.matcher(dbUrl.strip());
        if (!m.matches()) {
            throw new StartupException("demo: DB_URL (db.url) must look like jdbc:postgresql://host:port/database, not "
                    + Redact.jdbcUrl(dbUrl));
        }
        return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
    }
}

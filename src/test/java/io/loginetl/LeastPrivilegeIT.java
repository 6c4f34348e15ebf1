package io.loginetl;

import io.loginetl.config.StartupException;
import io.loginetl.db.Schema;
import io.loginetl.support.Pipeline;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.SampleExpectations;
import io.loginetl.support.TestDatabase;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline runs as a role that may only use the tables an owner created: the privileges
 * {@link Schema#TABLES} lists (the README's Database privileges), USAGE on the schema, no CREATE.
 */
class LeastPrivilegeIT extends RealPartsTestSupport {

    @Test
    void aRoleWithOnlyTheListedPrivilegesOnExistingTablesLoadsTheSample() throws Exception {
        Schema.ensure(dataSource(db.user(), db.password())); // the owner creates the tables, as a migration would
        TestDatabase.Role app = restrictedRole();
        SQLException noCreate = assertThrows(SQLException.class, () -> executeAs(app, "CREATE TABLE probe(x int)"));
        assertEquals("42501", noCreate.getSQLState(), "the role really may not create tables");

        List<String> sample = TestQueues.sample();
        queues.send(sample);
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        settings.put("db.user", app.name());
        settings.put("db.password", app.password());
        try (Pipeline pipeline = Pipeline.start(settings)) {
            await("99 rows and an empty source queue").atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM user_logins") == 99 && queues.depth(queues.queue) == 0);
            assertTrue(pipeline.isRunning());
        }
        SampleExpectations.assertSampleLoaded(sample, db, queues);
    }

    @Test
    void missingTablesThatTheRoleMayNotCreateAreNamedInOneStartupLine() throws Exception {
        TestDatabase.Role app = restrictedRole();
        StartupException e = assertThrows(StartupException.class,
                () -> Schema.ensure(dataSource(app.name(), app.password())));
        assertEquals("tables " + Schema.names(Schema.TABLES) + " are missing in the database at "
                + "jdbc:postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT + "/" + db.name()
                + " and DB_USER (db.user) may not create them (SQLState 42501): create them with a role that may,"
                + " and grant this one what the README lists under Database privileges", e.getMessage());
    }

    /** A login role with USAGE on schema public, no CREATE anywhere, and on each table only what Schema lists. */
    private TestDatabase.Role restrictedRole() {
        TestDatabase.Role app = db.createRole();
        db.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC"); // already so on Postgres 15+, not before
        db.execute("GRANT USAGE ON SCHEMA public TO " + app.name());
        for (Schema.Table table : Schema.TABLES) {
            if (!db.rows("SELECT 1 FROM pg_tables WHERE tablename = '" + table.name() + "'").isEmpty()) {
                db.execute("GRANT " + table.privileges() + " ON " + table.name() + " TO " + app.name());
            }
        }
        return app;
    }

    private PGSimpleDataSource dataSource(String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db.jdbcUrl());
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    private void executeAs(TestDatabase.Role role, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), role.name(), role.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

package io.loginetl.config;

import io.loginetl.db.SqlStates;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedactTest {

    @Test
    void jdbcUrlLosesQueryDriverPropertiesAndUserInfo() {
        assertEquals("jdbc:postgresql://db:5432/logins",
                Redact.jdbcUrl("jdbc:postgresql://db:5432/logins?user=etl&password=hunter2&reWriteBatchedInserts=true"));
        assertEquals("jdbc:postgresql://db:5432/logins", Redact.jdbcUrl("jdbc:postgresql://etl:hunter2@db:5432/logins"));
        assertEquals("jdbc:sqlserver://db:1433", Redact.jdbcUrl("jdbc:sqlserver://db:1433;user=sa;password=hunter2"));
        assertEquals("(not set)", Redact.jdbcUrl(" "));
    }

    @Test
    void jdbcTargetNamesDatabaseAndServerWithoutSlashes() {
        assertEquals("logins on db:5432", Redact.jdbcTarget("jdbc:postgresql://u:p@db:5432/logins?password=x"));
        assertEquals("db:5432", Redact.jdbcTarget("jdbc:postgresql://db:5432"));
    }

    @Test
    void endpointLosesUserInfoAndQuery() {
        assertEquals("http://localhost:4566", Redact.endpoint("http://key:secret@localhost:4566?x=y"));
        assertEquals("AWS", Redact.endpoint(""));
        assertEquals("localhost:4566", Redact.hostPort("http://key:secret@localhost:4566/"));
        assertEquals("AWS", Redact.hostPort(null));
    }

    @Test
    void databaseFailuresAreDescribedBySqlStateNeverByTheirText() {
        SQLException refused = new SQLException("Connection to db:5432 refused, password=hunter2", "08001");
        SQLException wrapper = new SQLException("Cannot create PoolableConnectionFactory (password=hunter2)", null, refused);
        assertEquals("cannot connect (SQLState 08001)", SqlStates.describe(wrapper));
        assertEquals("authentication failed (SQLState 28P01)", SqlStates.describe(new SQLException("x", "28P01")));
        assertEquals("database does not exist (SQLState 3D000)", SqlStates.describe(new SQLException("x", "3D000")));
        assertEquals("cannot connect (IllegalStateException)",
                SqlStates.describe(new RuntimeException("password=hunter2", new IllegalStateException("hunter2"))));
    }
}

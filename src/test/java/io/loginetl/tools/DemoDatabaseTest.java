package io.loginetl.tools;

import io.loginetl.config.StartupException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoDatabaseTest {

    @Test
    void theDemoUsesItsOwnDatabaseOnTheConfiguredServer() {
        assertEquals("jdbc:postgresql://localhost:5432/login_etl_demo?reWriteBatchedInserts=true",
                DemoDatabase.url("jdbc:postgresql://localhost:5432/postgres?reWriteBatchedInserts=true"));
        assertEquals("jdbc:postgresql://db.internal:5433/login_etl_demo", DemoDatabase.url("jdbc:postgresql://db.internal:5433/logins"));
        assertEquals("jdbc:postgresql://db/login_etl_demo", DemoDatabase.url("jdbc:postgresql://db"));
        assertEquals("jdbc:postgresql://db/login_etl_demo?sslmode=require", DemoDatabase.url("jdbc:postgresql://db?sslmode=require"));
    }

    @Test
    void aDbUrlInTheEnvironmentMustNameTheDemosDatabase() {
        // Camel gives the environment the last word, so the demo cannot swap the database there
        StartupException e = assertThrows(StartupException.class,
                () -> DemoDatabase.refuseOtherDatabaseIn("jdbc:postgresql://db:5433/logins?password=hunter2"));
        assertTrue(e.getMessage().contains("DB_URL=jdbc:postgresql://db:5433/login_etl_demo"), "says what to run: " + e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertDoesNotThrow(() -> DemoDatabase.refuseOtherDatabaseIn("jdbc:postgresql://db:5433/login_etl_demo?sslmode=require"));
        assertDoesNotThrow(() -> DemoDatabase.refuseOtherDatabaseIn(null));
    }

    @Test
    void aUrlWithoutAServerIsRefusedWithoutShowingItsPassword() {
        StartupException e = assertThrows(StartupException.class, () -> DemoDatabase.url("jdbc:postgresql:logins?password=hunter2"));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
}

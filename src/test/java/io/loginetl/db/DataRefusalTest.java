package io.loginetl.db;

import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataRefusalTest {

    @ParameterizedTest(name = "SQLState {0} is a refusal of the data")
    @ValueSource(strings = {"22001", "22021", "22P02", "23514", "23502", "23505"})
    void dataAndIntegrityErrorsAreRefusals(String sqlState) {
        SQLException refused = new SQLException("ERROR: quoting the value", sqlState);
        assertTrue(DataRefusal.isDataRefusal(refused));
        // as camel-sql throws it: wrapped by Spring's translator
        assertTrue(DataRefusal.isDataRefusal(new DataIntegrityViolationException("refused", refused)));
        assertTrue(DataRefusal.isDataRefusal(new RuntimeCamelException(refused)));
    }

    @ParameterizedTest(name = "SQLState {0} is retried, not parked")
    @ValueSource(strings = {"08001", "08006", "57P01", "53300", "40001", "42P01", "28P01"})
    void anythingElseIsNot(String sqlState) {
        assertFalse(DataRefusal.isDataRefusal(new SQLException("down", sqlState)));
        assertFalse(DataRefusal.isDataRefusal(new CannotGetJdbcConnectionException("no connection", new SQLException("down", sqlState))));
    }

    @Test
    void failuresWithoutAnSqlStateAreNot() {
        assertFalse(DataRefusal.isDataRefusal(new SQLException("pool exhausted")));
        assertFalse(DataRefusal.isDataRefusal(new IllegalStateException(new ConnectException("refused"))));
        assertFalse(DataRefusal.isDataRefusal(null));
    }
}

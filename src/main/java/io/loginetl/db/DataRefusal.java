package io.loginetl.db;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

import java.sql.SQLException;

/**
 * Whether the database refused a statement for the data in it (SQLState class 22, data exception: a value
 * too long, a NUL character; class 23, integrity constraint violation: a CHECK a DBA added), as opposed to
 * being unreachable or failing otherwise. Only a refused row is parked; any other failure is retried.
 * Classified by the SQLException in the cause chain, whatever wraps it: camel-sql wraps it in Spring's
 * DataIntegrityViolationException, which Java here does not name (`camel run` compiles it without Spring).
 * <p>
 * A {@link Predicate} for a route's {@code doCatch} {@code onWhen} (the {@code ref} language), where it sees
 * the exception being caught.
 */
public class DataRefusal implements Predicate {

    @Override
    public boolean matches(Exchange exchange) {
        return isDataRefusal(exchange.getException());
    }

    public static boolean isDataRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23");
            }
        }
        return false;
    }
}

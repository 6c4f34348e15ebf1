package io.loginetl.db;

import java.sql.SQLException;

/** What a database failure may say about itself in a log line or a health answer: never the server's text. */
public final class SqlStates {

    private SqlStates() {
    }

    /** SQLState and its class, from the first SQLException in the chain that has one; never a message. */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sqlStateClass(sql.getSQLState()) + " (SQLState " + sql.getSQLState() + ")";
            }
        }
        Throwable innermost = failure;
        while (innermost.getCause() != null) {
            innermost = innermost.getCause();
        }
        return "cannot connect (" + innermost.getClass().getSimpleName() + ")";
    }

    static String sqlStateClass(String sqlState) {
        if (sqlState.equals("3D000")) {
            return "database does not exist";
        }
        if (sqlState.equals("42501")) {
            return "permission denied";
        }
        return switch (sqlState.length() >= 2 ? sqlState.substring(0, 2) : sqlState) {
            case "08" -> "cannot connect";
            case "28" -> "authentication failed";
            case "53" -> "server out of resources";
            case "57" -> "server shutting down or unavailable";
            default -> "error";
        };
    }
}

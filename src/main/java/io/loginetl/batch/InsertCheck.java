package io.loginetl.batch;

import io.loginetl.config.Redact;
import io.loginetl.config.StartupException;
import io.loginetl.db.SqlStates;
import io.loginetl.message.RowBatch;
import org.apache.camel.Exchange;
import org.apache.camel.component.sql.DefaultSqlPrepareStatementStrategy;
import org.apache.camel.component.sql.SqlEndpoint;
import org.apache.camel.component.sql.SqlHelper;
import org.apache.camel.component.sql.SqlPrepareStatementStrategy;
import org.apache.camel.support.DefaultExchange;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs an insert that batches reach once before the first message, with a batch of no rows, in a transaction
 * that is rolled back: prepared and filled the way camel-sql does it for the route, so an edited insert that names
 * a table or column that does not exist, a type that does not fit or a privilege the role lacks stops the start
 * with the database's own one-line reason (which, with no rows, holds names from the statement and no data).
 * <p>
 * A {@code :#name} that no step of the pipeline produces is not an error (a field some messages carry, like
 * locale, is null in the others) but it is most likely a typo, so it is named in one WARN line.
 */
public final class InsertCheck {

    private static final Logger LOG = LoggerFactory.getLogger(InsertCheck.class);
    /** A named parameter once camel-sql has read the file ({@code :#name} becomes {@code :?name}). */
    private static final Pattern PARAMETER = Pattern.compile(":\\?(\\w+)");

    private final String dbUrl;
    private final Supplier<Set<String>> fieldsProduced;
    private final Set<String> checked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** {@code fieldsProduced}: the fields a row can hold (the validated fields as the mask step leaves them, and the envelope). */
    public InsertCheck(String dbUrl, Supplier<Set<String>> fieldsProduced) {
        this.dbUrl = dbUrl;
        this.fieldsProduced = fieldsProduced;
    }

    /** Checks the insert behind this endpoint (once per statement); {@code where} names the route that uses it. */
    public void check(SqlEndpoint endpoint, String where) {
        String source = endpoint.getQuery();
        String query;
        try {
            query = SqlHelper.resolveQuery(endpoint.getCamelContext(), source, endpoint.isUsePlaceholder() ? endpoint.getPlaceholder() : null);
        } catch (Exception e) {
            throw new StartupException("cannot read the insert " + source + " (" + where + "): " + e.getClass().getSimpleName()
                    + ": it is read from the working directory, like the routes");
        }
        if (!checked.add(query)) {
            return;
        }
        warnOfUnknownFields(source, query);
        SqlPrepareStatementStrategy strategy = endpoint.getPrepareStatementStrategy() != null ? endpoint.getPrepareStatementStrategy()
                : new DefaultSqlPrepareStatementStrategy(endpoint.getSeparator());
        Exchange probe = new DefaultExchange(endpoint.getCamelContext());
        probe.getMessage().setBody(new RowBatch());
        try (Connection connection = endpoint.getJdbcTemplate().getDataSource().getConnection()) {
            connection.setAutoCommit(false);
            String prepared = strategy.prepareQuery(query, endpoint.isAllowNamedParameters(), probe);
            try (PreparedStatement statement = connection.prepareStatement(prepared)) {
                int parameters = statement.getParameterMetaData().getParameterCount();
                Iterator<?> values = strategy.createPopulateIterator(query, prepared, parameters, probe, probe.getMessage().getBody());
                strategy.populateStatement(statement, values, parameters);
                statement.execute();
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new StartupException("the insert " + source + " (" + where + ") does not run on the database at "
                    + Redact.jdbcUrl(dbUrl) + ": " + reason(e) + ": create what is missing, or correct the insert");
        }
    }

    /** The server's one-line message for a statement it refused (no rows: it quotes the statement's names only). */
    private static String reason(SQLException e) {
        if (e instanceof PSQLException server && server.getServerErrorMessage() != null) {
            return server.getServerErrorMessage().getMessage() + " (SQLState " + e.getSQLState() + ")";
        }
        return SqlStates.describe(e);
    }

    private void warnOfUnknownFields(String source, String query) {
        Set<String> produced = fieldsProduced.get();
        List<String> unknown = new ArrayList<>();
        for (String name : parameters(query)) {
            if (!produced.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            LOG.warn("The insert {} reads {}, which no step of the pipeline produces (it has {}): each is null unless a message"
                    + " carries a field of that name", source, unknown, produced);
        }
    }

    static Set<String> parameters(String query) {
        Set<String> names = new LinkedHashSet<>();
        Matcher parameter = PARAMETER.matcher(query);
        while (parameter.find()) {
            names.add(parameter.group(1));
        }
        return names;
    }
}

package io.loginetl.db;

import io.loginetl.config.Settings;
import org.apache.commons.dbcp2.BasicDataSource;
import org.postgresql.ds.common.BaseDataSource;

import java.time.Duration;
import javax.sql.DataSource;

/**
 * The connection pool to Postgres, for the pipeline and the commands alike: with a bound on every wait, so that a
 * database that hangs instead of failing (a half-open connection after a network partition) costs a retry, never
 * a wedged pipeline or a cron job that never ends.
 */
public final class ConnectionPool {

    /** Where and how long: the db.* settings. */
    public record Settings(String url, String user, String password, int maxSize, int maxWaitSeconds, int connectTimeoutSeconds,
            int socketTimeoutSeconds, int statementTimeoutSeconds, int validationTimeoutSeconds) {
    }

    private ConnectionPool() {
    }

    /** The URL a DataSource connects to, for messages (which redact it). */
    public static String url(DataSource dataSource) {
        if (dataSource instanceof BasicDataSource pool && pool.getUrl() != null) {
            return pool.getUrl();
        }
        if (dataSource instanceof BaseDataSource postgres) {
            return postgres.getUrl();
        }
        return "(a DataSource that does not say: " + dataSource.getClass().getSimpleName() + ")";
    }

    public static BasicDataSource of(Settings settings) {
        BasicDataSource pool = new BasicDataSource();
        // Named, so that dbcp2 loads it: JDBC's DriverManager does not see a driver that `camel run` downloaded
        // into its own class loader ("No suitable driver", SQLState 08001).
        pool.setDriverClassName("org.postgresql.Driver");
        pool.setUrl(settings.url());
        pool.setUsername(settings.user());
        pool.setPassword(settings.password());
        pool.setMaxTotal(settings.maxSize());
        pool.setMaxIdle(settings.maxSize());
        // Opening a connection: the TCP connect, then the whole log-in (which reads from the server).
        pool.addConnectionProperty("connectTimeout", Integer.toString(settings.connectTimeoutSeconds()));
        pool.addConnectionProperty("loginTimeout", Integer.toString(settings.connectTimeoutSeconds()));
        // Every read: the only bound on a connection whose peer is gone without a reset. Longer than the statement
        // timeout, so a slow statement is cancelled first and its connection stays usable.
        pool.addConnectionProperty("socketTimeout", Integer.toString(settings.socketTimeoutSeconds()));
        // Statement.setQueryTimeout on every statement: the driver asks the server to cancel it.
        pool.setDefaultQueryTimeout(Duration.ofSeconds(settings.statementTimeoutSeconds()));
        pool.setMaxWait(Duration.ofSeconds(settings.maxWaitSeconds()));
        // No validation query: the pool then calls Connection.isValid(timeout), which the driver bounds with a
        // socket timeout of its own (a query timeout would need an answer from the dead peer).
        pool.setTestOnBorrow(true);
        pool.setValidationQueryTimeout(Duration.ofSeconds(settings.validationTimeoutSeconds()));
        return pool;
    }
}

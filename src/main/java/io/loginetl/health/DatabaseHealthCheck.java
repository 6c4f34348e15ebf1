package io.loginetl.health;

import io.loginetl.config.Redact;
import io.loginetl.db.SqlStates;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.spi.ThreadPoolProfile;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Readiness: a connection from the pipeline's pool answers {@link Connection#isValid(int)}. DOWN while
 * Postgres is unreachable or refuses us; liveness is untouched, so an orchestrator stops sending work
 * (or waits) instead of restarting a pipeline that resumes by itself.
 * <p>
 * The probe runs on its own thread with a deadline: a pool with every connection busy, or a database
 * that accepts TCP and then says nothing, answers DOWN in {@code timeout} instead of hanging the HTTP
 * request. At most one probe is in flight; a caller that finds one still running waits for that one.
 * <p>
 * The result says which database (its name and server; the JDBC URL without query string or
 * credentials in the details) and why it is DOWN as an SQLState and its class, never an exception
 * text, which the health endpoint would show to anyone asking for {@code ?exposureLevel=full}.
 */
public class DatabaseHealthCheck extends AbstractHealthCheck {

    public static final String ID = "database";
    private static final int VALID_SECONDS = 2;

    private final DataSource dataSource;
    private final String where;
    private final String target;
    private final Duration timeout;
    /** One thread from Camel's ExecutorServiceManager (shut down with the context), made at the first probe. */
    private ExecutorService prober;
    private Future<Boolean> inFlight;

    public DatabaseHealthCheck(DataSource dataSource, String jdbcUrl, Duration timeout) {
        super("login-etl", ID);
        this.dataSource = dataSource;
        this.where = Redact.jdbcUrl(jdbcUrl);
        this.target = "database " + Redact.jdbcTarget(jdbcUrl);
        this.timeout = timeout;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("database.url", where);
        try {
            if (probe().get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                builder.up();
            } else {
                builder.message(target + ": connection is not valid").down();
            }
        } catch (TimeoutException e) {
            builder.message(target + ": no answer within " + timeout.toMillis() + " ms").down();
        } catch (ExecutionException e) {
            builder.message(target + ": " + SqlStates.describe(e.getCause())).down();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.message("interrupted").down();
        }
    }

    private synchronized Future<Boolean> probe() {
        if (prober == null) {
            // Its thread ends 30 s after the last probe
            ThreadPoolProfile oneThread = new ThreadPoolProfileBuilder("database-health").poolSize(1).maxPoolSize(1)
                    .keepAliveTime(30L, TimeUnit.SECONDS).allowCoreThreadTimeOut(true).maxQueueSize(-1).build();
            prober = getCamelContext().getExecutorServiceManager().newThreadPool(this, "DatabaseHealthCheck", oneThread);
        }
        if (inFlight == null || inFlight.isDone()) {
            inFlight = prober.submit(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    return connection.isValid(VALID_SECONDS);
                }
            });
        }
        return inFlight;
    }
}

package io.loginetl;

import io.loginetl.batch.BatchSettlement;
import io.loginetl.batch.InsertCheck;
import io.loginetl.config.Secrets;
import io.loginetl.config.Settings;
import io.loginetl.config.StartupException;
import io.loginetl.db.DataRefusal;
import io.loginetl.db.Schema;
import io.loginetl.health.DatabaseHealthCheck;
import io.loginetl.health.HealthExposureGuard;
import io.loginetl.health.QueueBacklog;
import io.loginetl.health.SqsHealthCheck;
import io.loginetl.health.SqsRoutesHealthCheck;
import io.loginetl.health.StallHealthCheck;
import io.loginetl.masking.MaskMode;
import io.loginetl.masking.MaskProcessor;
import io.loginetl.masking.Masker;
import io.loginetl.message.LoginFields;
import io.loginetl.message.LoginRow;
import io.loginetl.observability.PipelineMetrics;
import io.loginetl.observability.Progress;
import io.loginetl.observability.SqsRequestCounter;
import io.loginetl.origin.OriginResolver;
import io.loginetl.origin.RedriveSeal;
import io.loginetl.parking.DeadLetterQueue;
import io.loginetl.parking.ParkedMessages;
import io.loginetl.sqs.DrainGuard;
import io.loginetl.sqs.MessageSettlement;
import io.loginetl.sqs.RouteQueues;
import io.loginetl.sqs.SqsClients;
import io.loginetl.sqs.SqsDeletes;
import io.loginetl.validation.ValidationProcessor;
import io.loginetl.version.VersionProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicy;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.commons.dbcp2.BasicDataSource;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** All bean wiring in one place; every value comes from application.properties (or its env override). */
public class LoginEtlConfiguration implements CamelConfiguration {

    /** The name under which Camel's Prometheus support looks for its registry. */
    static final String METRICS_REGISTRY = "metricsRegistry";
    /** Where LoginEtl finds the drain guard while Camel runs, for the exit code. */
    static final String DRAIN_GUARD = "drainGuard";

    @PropertyInject("sqs.endpoint")
    String sqsEndpoint;
    @PropertyInject("sqs.region")
    String sqsRegion;
    @PropertyInject("sqs.max-connections")
    int sqsMaxConnections;
    @PropertyInject(value = "sqs.interceptors", defaultValue = "")
    String sqsInterceptors;

    @PropertyInject("db.url")
    String dbUrl;
    @PropertyInject("db.user")
    String dbUser;
    @PropertyInject(value = "db.password", defaultValue = "")
    String dbPassword;
    @PropertyInject(value = "db.password-file", defaultValue = "")
    String dbPasswordFile;
    @PropertyInject("db.pool.max-size")
    int dbPoolMaxSize;
    @PropertyInject(value = "db.pool.max-wait-seconds", defaultValue = "30")
    int dbPoolMaxWaitSeconds;
    @PropertyInject(value = "db.connect-timeout-seconds", defaultValue = "10")
    int dbConnectTimeoutSeconds;
    @PropertyInject(value = "db.socket-timeout-seconds", defaultValue = "45")
    int dbSocketTimeoutSeconds;
    @PropertyInject(value = "db.statement-timeout-seconds", defaultValue = "30")
    int dbStatementTimeoutSeconds;
    @PropertyInject(value = "db.validation-timeout-seconds", defaultValue = "3")
    int dbValidationTimeoutSeconds;

    @PropertyInject(value = "mask.mode", defaultValue = "siv")
    String maskMode;
    @PropertyInject(value = "mask.key", defaultValue = "")
    String maskKey;
    @PropertyInject(value = "mask.key-file", defaultValue = "")
    String maskKeyFile;

    /**
     * The beans made so far. Camel post-processes this configuration twice, and every pass calls each
     * @BindToRegistry method: under `java -jar`, Camel Main's injector when it creates the configuration and
     * BaseMainSupport.loadConfigurations before configure(); under `camel run`, KameletMain's
     * BindToRegistryCompilePostProcessor (which then calls configure()) and the Java DSL loader,
     * JavaRoutesBuilderLoader, after it. Each pass would make and bind a new SQS client and connection pool
     * over the last (under `camel run`, over the ones configure() already wired in); each method returns
     * the bean it made the first time instead.
     */
    private final Map<String, Object> beans = new HashMap<>();

    @SuppressWarnings("unchecked")
    private <T> T once(String name, Supplier<T> make) {
        Object bean = beans.get(name);
        if (bean == null) {
            bean = make.get();
            beans.put(name, bean);
        }
        return (T) bean;
    }

    @BindToRegistry("validationProcessor")
    public ValidationProcessor validationProcessor() {
        return once("validationProcessor", ValidationProcessor::new);
    }

    /** The mask key's masker: the mask steps the route files declare find it here as they start. */
    @BindToRegistry("masker")
    public Masker masker() {
        return once("masker", () -> {
            try {
                return Masker.of(MaskMode.of(maskMode), maskKey());
            } catch (IllegalArgumentException e) {
                throw unusableMaskKey(e);
            }
        });
    }

    /** Seals a parked message's origin under the mask key, so that only login-etl can give a message an earlier id. */
    private RedriveSeal redriveSeal() {
        return new RedriveSeal(masker());
    }

    private String maskKey() {
        return Secrets.required("mask.key", maskKey, maskKeyFile,
                "MASK_KEY is not set: create one with `java -jar login-etl.jar keygen` and set MASK_KEY (or mask.key-file)");
    }

    private static StartupException unusableMaskKey(IllegalArgumentException e) {
        // The message names the problem, never the key
        return new StartupException("MASK_KEY (mask.key) or MASK_MODE (mask.mode) is not usable: " + e.getMessage());
    }

    @BindToRegistry("versionProcessor")
    public VersionProcessor versionProcessor() {
        return once("versionProcessor", VersionProcessor::new);
    }

    /** For the route's doCatch: did the database refuse the data, or fail otherwise? */
    @BindToRegistry("dataRefusal")
    public DataRefusal dataRefusal() {
        return once("dataRefusal", DataRefusal::new);
    }

    @PropertyInject("batch.writers")
    int batchWriters;
    @PropertyInject("sqs.delete-concurrency")
    int sqsDeleteConcurrency;

    @PropertyInject("retry.initial-delay-ms")
    long retryInitialDelayMillis;
    @PropertyInject("retry.max-delay-ms")
    long retryMaxDelayMillis;
    @PropertyInject("retry.max-redeliveries")
    int retryMaxRedeliveries;

    @PropertyInject(value = "progress.interval-ms", defaultValue = "5000")
    long progressIntervalMillis;
    @PropertyInject(value = "health.timeout-ms", defaultValue = "3000")
    long healthTimeoutMillis;
    @PropertyInject(value = "health.stall-seconds", defaultValue = "300")
    long healthStallSeconds;

    private final SqsRequestCounter sqsRequests = new SqsRequestCounter();

    @BindToRegistry("sqsClient")
    public SqsClient sqsClient() {
        return once("sqsClient", () -> {
            List<ExecutionInterceptor> interceptors = new ArrayList<>(List.of(sqsRequests));
            interceptors.addAll(SqsClients.interceptors(sqsInterceptors));
            return SqsClients.create(sqsEndpoint, sqsRegion, sqsMaxConnections, interceptors);
        });
    }

    @BindToRegistry("dataSource")
    public DataSource dataSource() {
        return once("dataSource", () -> {
            BasicDataSource ds = new BasicDataSource();
            // Named, so that dbcp2 loads it: JDBC's DriverManager does not see a driver that `camel run`
            // downloaded into its own class loader ("No suitable driver", SQLState 08001).
            ds.setDriverClassName("org.postgresql.Driver");
            ds.setUrl(dbUrl);
            ds.setUsername(dbUser);
            ds.setPassword(Secrets.optional("db.password", dbPassword, dbPasswordFile));
            ds.setMaxTotal(dbPoolMaxSize);
            ds.setMaxIdle(dbPoolMaxSize);
            // No wait, read or statement may last forever: a database that hangs instead of failing (a
            // half-open connection after a network partition) costs a retry, not a wedged pipeline.
            // Opening a connection: the TCP connect, then the whole log-in (which reads from the server).
            ds.addConnectionProperty("connectTimeout", Integer.toString(dbConnectTimeoutSeconds));
            ds.addConnectionProperty("loginTimeout", Integer.toString(dbConnectTimeoutSeconds));
            // Every read: the only bound on a connection whose peer is gone without a reset. Longer than the
            // statement timeout, so a slow statement is cancelled first and its connection stays usable.
            ds.addConnectionProperty("socketTimeout", Integer.toString(dbSocketTimeoutSeconds));
            // Statement.setQueryTimeout on every statement: the driver asks the server to cancel it.
            ds.setDefaultQueryTimeout(Duration.ofSeconds(dbStatementTimeoutSeconds));
            ds.setMaxWait(Duration.ofSeconds(dbPoolMaxWaitSeconds));
            // No validation query: the pool then calls Connection.isValid(timeout), which the driver bounds
            // with a socket timeout of its own (a query timeout would need an answer from the dead peer).
            ds.setTestOnBorrow(true);
            ds.setValidationQueryTimeout(Duration.ofSeconds(dbValidationTimeoutSeconds));
            return ds;
        });
    }

    /**
     * The threads that store completed batches. When all are busy and one batch waits, the receiver
     * that completes the next batch stores it itself (caller runs): receiving slows down to what the
     * database takes, so memory stays bounded however long the queue is.
     */
    private void bindBatchWriters(CamelContext context) {
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder("batch-writers")
                .poolSize(batchWriters).maxPoolSize(batchWriters).maxQueueSize(1)
                .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build();
        context.getRegistry().bind("batchWriters",
                context.getExecutorServiceManager().newThreadPool(this, "BatchWriter", profile));
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings.check(context);
        FatalErrors.install();
        DataSource dataSource = context.getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        Schema.ensure(dataSource, dbUrl);

        SqsClient sqs = context.getRegistry().lookupByNameAndType("sqsClient", SqsClient.class);
        // The queues are the ones the routes read, found from the routes (and checked before they are
        // created); the dead-letter queue is the one the route names where it parks.
        RouteQueues sources = new RouteQueues(sqs);
        sources.watch(context);
        // One registry for our meters and Camel's, whichever of us comes first creates it.
        MeterRegistry meters = context.getRegistry().lookupByNameAndType(METRICS_REGISTRY, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(METRICS_REGISTRY, meters);
        }
        PipelineMetrics metrics = new PipelineMetrics(meters, sqsRequests);
        context.getRegistry().bind("pipelineMetrics", metrics);
        // Camel's route timer (camel_route_policy_seconds, camel_exchanges_total) for the routes that name it:
        // store-batch, one exchange per batch. Not camel.metrics.enable-route-policy, which would time every
        // message's exchange in the receiving route too.
        MicrometerRoutePolicy routeTimer = new MicrometerRoutePolicy();
        routeTimer.setMeterRegistry(meters);
        context.getRegistry().bind("batchRouteMetrics", routeTimer);
        SqsDeletes ack = new SqsDeletes(context.getExecutorServiceManager().newFixedThreadPool(this, "SqsDelete", sqsDeleteConcurrency),
                context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "SqsDeleteRetry"),
                new SqsDeletes.Backoff(retryInitialDelayMillis, retryMaxDelayMillis, retryMaxRedeliveries));
        context.addService(ack);
        bindBatchWriters(context);
        RedriveSeal seal = redriveSeal();
        // Every route that reads SQS: each message settled by how its exchange ends, whatever the route does.
        context.addRoutePolicyFactory(new MessageSettlement(sources, new OriginResolver(seal, metrics::claimRejected), ack, metrics));
        context.getRegistry().bind("batchSettlement", new BatchSettlement(ack, metrics));
        context.getRegistry().bind("deadLetterQueue", new DeadLetterQueue(new ParkedMessages(dataSource), seal, ack, metrics));
        context.addLifecycleStrategy(new RouteRequirements(new InsertCheck(dbUrl, () -> fieldsProduced(context))));
        DrainGuard drain = new DrainGuard(sources, () -> metrics.snapshot().received());
        context.getRegistry().bind(DRAIN_GUARD, drain);
        context.addService(drain);
        context.addService(new Progress(metrics, progressIntervalMillis));
        context.addStartupListener(new HealthExposureGuard());

        // Readiness: DOWN while Postgres or a queue the routes read is unreachable. Liveness: DOWN only when
        // work waits and nothing has been committed or parked for health.stall-seconds.
        Duration healthTimeout = Duration.ofMillis(healthTimeoutMillis);
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            QueueBacklog backlog = new QueueBacklog();
            health.register(new DatabaseHealthCheck(dataSource, dbUrl, healthTimeout));
            health.register(new SqsHealthCheck(context, sources, healthTimeout, backlog));
            SqsRoutesHealthCheck routes = new SqsRoutesHealthCheck();
            context.addLifecycleStrategy(routes.tracker());
            health.register(routes);
            health.register(new StallHealthCheck(Duration.ofSeconds(healthStallSeconds), metrics::nanosSinceProgress,
                    context.getInflightRepository()::size, backlog));
        }
    }

    /**
     * The fields a row can hold, for the check of the insert: the validated fields as the mask steps the route
     * files declare leave them (a masked field's raw value removed, its column added), and the envelope's.
     */
    private static Set<String> fieldsProduced(CamelContext context) {
        Set<String> fields = new LinkedHashSet<>(LoginFields.ALL);
        for (MaskProcessor mask : context.getRegistry().findByType(MaskProcessor.class)) {
            mask.targets().forEach(target -> fields.remove(target.field().name()));
            mask.targets().forEach(target -> fields.add(target.column()));
        }
        fields.add(LoginRow.MESSAGE_ID);
        fields.add(LoginRow.CREATE_DATE);
        return fields;
    }
}

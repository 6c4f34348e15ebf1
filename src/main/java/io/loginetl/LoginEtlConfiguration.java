package io.loginetl;

import io.loginetl.batch.BatchSettlement;
import io.loginetl.batch.InsertCheck;
import io.loginetl.config.Secrets;
import io.loginetl.config.Settings;
import io.loginetl.db.ConnectionPool;
import io.loginetl.db.DataRefusal;
import io.loginetl.health.DatabaseHealthCheck;
import io.loginetl.health.QueueBacklog;
import io.loginetl.health.SqsHealthCheck;
import io.loginetl.health.SqsRoutesHealthCheck;
import io.loginetl.health.StallHealthCheck;
import io.loginetl.masking.MaskKeys;
import io.loginetl.masking.Masker;
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
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicy;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;

/**
 * The application's beans, each made from the settings it names (application.properties, or their environment
 * overrides) and the beans it uses. They are lazy: Camel binds each as it reads this class (more than once, and
 * under `camel run` once more after configure()), and makes it at its first lookup, so each exists once. What
 * puts them to work in the context is {@link PipelineAssembly}, when the context initializes.
 */
public class LoginEtlConfiguration implements CamelConfiguration {

    /** The name under which Camel's Prometheus support looks for its registry. */
    static final String METRICS_REGISTRY = "metricsRegistry";
    /** Where LoginEtl finds the drain guard while Camel runs, for the exit code. */
    static final String DRAIN_GUARD = "drainGuard";

    @BindToRegistry(value = "sqsRequests", lazy = true)
    public SqsRequestCounter sqsRequests() {
        return new SqsRequestCounter();
    }

    /** The one SQS client: the routes' consumers get it autowired, the deletes and parking use theirs. */
    @BindToRegistry(value = "sqsClient", lazy = true)
    public SqsClient sqsClient(@PropertyInject("sqs.endpoint") String endpoint, @PropertyInject("sqs.region") String region,
            @PropertyInject("sqs.max-connections") int maxConnections, @PropertyInject("sqs.interceptors") String interceptors,
            @BeanInject("sqsRequests") SqsRequestCounter requests) {
        List<ExecutionInterceptor> all = new ArrayList<>(List.of(requests));
        all.addAll(SqsClients.interceptors(interceptors));
        return SqsClients.create(endpoint, region, maxConnections, all);
    }

    /** The one connection pool: camel-sql gets it autowired. */
    @BindToRegistry(value = "dataSource", lazy = true)
    public DataSource dataSource(@PropertyInject("db.url") String url, @PropertyInject("db.user") String user,
            @PropertyInject("db.password") String password, @PropertyInject("db.password-file") String passwordFile,
            @PropertyInject("db.pool.max-size") int maxSize, @PropertyInject("db.pool.max-wait-seconds") int maxWaitSeconds,
            @PropertyInject("db.connect-timeout-seconds") int connectTimeoutSeconds,
            @PropertyInject("db.socket-timeout-seconds") int socketTimeoutSeconds,
            @PropertyInject("db.statement-timeout-seconds") int statementTimeoutSeconds,
            @PropertyInject("db.validation-timeout-seconds") int validationTimeoutSeconds) {
        return ConnectionPool.of(new ConnectionPool.Settings(url, user, Secrets.optional("db.password", password, passwordFile),
                maxSize, maxWaitSeconds, connectTimeoutSeconds, socketTimeoutSeconds, statementTimeoutSeconds,
                validationTimeoutSeconds));
    }

    /** The mask key's masker: the mask steps the route files declare find it here as they start. */
    @BindToRegistry(value = "masker", lazy = true)
    public Masker masker(@PropertyInject("mask.mode") String mode, @PropertyInject("mask.ip-mode") String ipMode,
            @PropertyInject("mask.key") String key, @PropertyInject("mask.key-file") String keyFile) {
        return MaskKeys.masker(mode, ipMode, key, keyFile);
    }

    @BindToRegistry("validationProcessor")
    public ValidationProcessor validationProcessor() {
        return new ValidationProcessor();
    }

    @BindToRegistry("versionProcessor")
    public VersionProcessor versionProcessor() {
        return new VersionProcessor();
    }

    /** For the route's doCatch and onException: did the database refuse the data, or fail otherwise? */
    @BindToRegistry("dataRefusal")
    public DataRefusal dataRefusal() {
        return new DataRefusal();
    }

    /** Our meters and Camel's in one registry: whichever of us comes first creates it. */
    @BindToRegistry(value = "pipelineMetrics", lazy = true)
    public PipelineMetrics pipelineMetrics(CamelContext context, @BeanInject("sqsRequests") SqsRequestCounter requests) {
        MeterRegistry meters = context.getRegistry().lookupByNameAndType(METRICS_REGISTRY, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(METRICS_REGISTRY, meters);
        }
        return new PipelineMetrics(meters, requests);
    }

    /**
     * Camel's route timer (camel_route_policy_seconds, camel_exchanges_total) for the routes that name it: store-batch,
     * one exchange per batch. Not camel.metrics.enable-route-policy, which would time every message's exchange too.
     */
    @BindToRegistry(value = "batchRouteMetrics", lazy = true)
    public MicrometerRoutePolicy batchRouteMetrics(@BeanInject("pipelineMetrics") PipelineMetrics metrics) {
        MicrometerRoutePolicy timer = new MicrometerRoutePolicy();
        timer.setMeterRegistry(metrics.registry());
        return timer;
    }

    @BindToRegistry(value = "sqsDeletes", lazy = true)
    public SqsDeletes sqsDeletes(CamelContext context, @PropertyInject("sqs.delete-concurrency") int concurrency,
            @PropertyInject("retry.initial-delay-ms") long initialDelayMillis, @PropertyInject("retry.max-delay-ms") long maxDelayMillis,
            @PropertyInject("retry.max-redeliveries") int maxRetries) {
        ExecutorServiceManager executors = context.getExecutorServiceManager();
        return new SqsDeletes(executors.newFixedThreadPool(this, "SqsDelete", concurrency),
                executors.newSingleThreadScheduledExecutor(this, "SqsDeleteRetry"),
                new SqsDeletes.Backoff(initialDelayMillis, maxDelayMillis, maxRetries));
    }

    /**
     * The threads that store completed batches. When all are busy and one batch waits, the receiver that completes
     * the next batch stores it itself (caller runs): receiving slows down to what the database takes, so memory stays
     * bounded however long the queue is.
     */
    @BindToRegistry(value = "batchWriters", lazy = true)
    public ExecutorService batchWriters(CamelContext context, @PropertyInject("batch.writers") int writers) {
        return context.getExecutorServiceManager().newThreadPool(this, "BatchWriter", new ThreadPoolProfileBuilder("batch-writers")
                .poolSize(writers).maxPoolSize(writers).maxQueueSize(1).rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build());
    }

    /** Seals a parked message's origin under the mask key, so that only login-etl can give a message an earlier id. */
    @BindToRegistry(value = "redriveSeal", lazy = true)
    public RedriveSeal redriveSeal(@BeanInject("masker") Masker masker) {
        return new RedriveSeal(masker);
    }

    /** Every route that reads SQS: each message settled by how its exchange ends, whatever the route does. */
    @BindToRegistry(value = "messageSettlement", lazy = true)
    public MessageSettlement messageSettlement(@BeanInject("routeQueues") RouteQueues queues, @BeanInject("redriveSeal") RedriveSeal seal,
            @BeanInject("sqsDeletes") SqsDeletes deletes, @BeanInject("pipelineMetrics") PipelineMetrics metrics) {
        return new MessageSettlement(queues, new OriginResolver(seal, metrics::claimRejected), deletes, metrics);
    }

    @BindToRegistry(value = "batchSettlement", lazy = true)
    public BatchSettlement batchSettlement(@BeanInject("sqsDeletes") SqsDeletes deletes, @BeanInject("pipelineMetrics") PipelineMetrics metrics) {
        return new BatchSettlement(deletes, metrics);
    }

    @BindToRegistry(value = "deadLetterQueue", lazy = true)
    public DeadLetterQueue deadLetterQueue(@BeanInject("dataSource") DataSource dataSource, @BeanInject("redriveSeal") RedriveSeal seal,
            @BeanInject("sqsDeletes") SqsDeletes deletes, @BeanInject("pipelineMetrics") PipelineMetrics metrics) {
        return new DeadLetterQueue(new ParkedMessages(dataSource), seal, deletes, metrics);
    }

    @BindToRegistry(value = DRAIN_GUARD, lazy = true)
    public DrainGuard drainGuard(@BeanInject("routeQueues") RouteQueues queues, @BeanInject("pipelineMetrics") PipelineMetrics metrics) {
        return new DrainGuard(queues, () -> metrics.snapshot().received());
    }

    @BindToRegistry(value = "progress", lazy = true)
    public Progress progress(@BeanInject("pipelineMetrics") PipelineMetrics metrics, @PropertyInject("progress.interval-ms") long intervalMillis) {
        return new Progress(metrics, intervalMillis);
    }

    /** Readiness: a pooled connection answers within health.timeout-ms. */
    @BindToRegistry(value = "databaseHealthCheck", lazy = true)
    public DatabaseHealthCheck databaseHealthCheck(@BeanInject("dataSource") DataSource dataSource, @PropertyInject("db.url") String url,
            @PropertyInject("health.timeout-ms") long timeoutMillis) {
        return new DatabaseHealthCheck(dataSource, url, Duration.ofMillis(timeoutMillis));
    }

    /** The visible messages the readiness check last read, for the stall check. */
    @BindToRegistry(value = "queueBacklog", lazy = true)
    public QueueBacklog queueBacklog() {
        return new QueueBacklog();
    }

    /** Readiness: every queue the routes read answers within health.timeout-ms. */
    @BindToRegistry(value = "sqsHealthCheck", lazy = true)
    public SqsHealthCheck sqsHealthCheck(CamelContext context, @BeanInject("routeQueues") RouteQueues queues,
            @BeanInject("queueBacklog") QueueBacklog backlog, @PropertyInject("health.timeout-ms") long timeoutMillis) {
        return new SqsHealthCheck(context, queues, Duration.ofMillis(timeoutMillis), backlog);
    }

    /** Liveness: work waits and nothing has been committed or parked for health.stall-seconds. */
    @BindToRegistry(value = "stallHealthCheck", lazy = true)
    public StallHealthCheck stallHealthCheck(CamelContext context, @BeanInject("pipelineMetrics") PipelineMetrics metrics,
            @BeanInject("queueBacklog") QueueBacklog backlog, @PropertyInject("health.stall-seconds") long stallSeconds) {
        return new StallHealthCheck(Duration.ofSeconds(stallSeconds), metrics::nanosSinceProgress,
                context.getInflightRepository()::size, backlog);
    }

    /** Checked against the database at start-up: the inserts a batch reaches, with the fields a row can hold. */
    @BindToRegistry(value = "insertCheck", lazy = true)
    public InsertCheck insertCheck(CamelContext context, @PropertyInject("db.url") String url) {
        return new InsertCheck(url, () -> PipelineAssembly.fieldsProduced(context));
    }

    /**
     * Nothing here looks a bean up: under `camel run` the beans above are bound once more after this runs, and the
     * ones in use must be those Camel's own autowiring finds; PipelineAssembly puts them to work as the context
     * initializes. What is made here is what Camel must know of before that, and needs no setting: the queues the
     * routes read (checked before they start), what the routes must keep, and the readiness of the SQS routes.
     */
    @Override
    public void configure(CamelContext context) {
        // Under `camel run`, which does not go through LoginEtl: every setting checked before any bean is made
        Settings.check(context);
        FatalErrors.install();
        context.addLifecycleStrategy(new PipelineAssembly());
        RouteQueues queues = new RouteQueues(() -> context.getRegistry().lookupByNameAndType("sqsClient", SqsClient.class));
        context.getRegistry().bind("routeQueues", queues);
        queues.watch(context);
        context.addLifecycleStrategy(new RouteRequirements(() -> context.getRegistry().lookupByNameAndType("insertCheck", InsertCheck.class)));
        SqsRoutesHealthCheck routes = new SqsRoutesHealthCheck();
        context.getRegistry().bind("sqsRoutesHealthCheck", routes);
        context.addLifecycleStrategy(routes.tracker());
    }
}

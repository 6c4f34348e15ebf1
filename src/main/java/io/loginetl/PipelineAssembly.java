package io.loginetl;

import io.loginetl.config.StartupException;
import io.loginetl.db.Schema;
import io.loginetl.health.DatabaseHealthCheck;
import io.loginetl.health.HealthExposureGuard;
import io.loginetl.health.SqsHealthCheck;
import io.loginetl.health.SqsRoutesHealthCheck;
import io.loginetl.health.StallHealthCheck;
import io.loginetl.masking.MaskProcessor;
import io.loginetl.message.LoginFields;
import io.loginetl.message.LoginRow;
import io.loginetl.observability.Progress;
import io.loginetl.sqs.DrainGuard;
import io.loginetl.sqs.MessageSettlement;
import io.loginetl.sqs.SqsDeletes;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.LifecycleStrategySupport;

import java.util.LinkedHashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Puts the beans of {@link LoginEtlConfiguration} to work as the context initializes, after Camel (and `camel run`'s
 * Java loader) has read that class for the last time: the schema, the settlement of every SQS message, the services
 * that delete, drain and report, and the health checks. Before the routes are created and before the checks of the
 * queues and the routes, which come last (Ordered.LOWEST) and need the tables. Public: `camel run` makes an instance
 * of each class it compiles that has a no-argument constructor, and fails on one it cannot reach (that instance is
 * not used).
 */
public final class PipelineAssembly extends LifecycleStrategySupport {

    @Override
    public void onContextInitializing(CamelContext context) throws VetoCamelContextStartException {
        try {
            assemble(context);
        } catch (Exception e) {
            // A bean that cannot be made for a setting (MASK_KEY missing, say) arrives wrapped by the registry
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof StartupException startup) {
                    throw new VetoCamelContextStartException(startup.getMessage(), startup, context, true);
                }
            }
            throw RuntimeCamelException.wrapRuntimeException(e);
        }
    }

    private static void assemble(CamelContext context) throws Exception {
        Schema.ensure(bean(context, "dataSource", DataSource.class));
        context.addRoutePolicyFactory(bean(context, "messageSettlement", MessageSettlement.class));
        context.addService(bean(context, "sqsDeletes", SqsDeletes.class));
        context.addService(bean(context, "drainGuard", DrainGuard.class));
        context.addService(bean(context, "progress", Progress.class));
        context.addStartupListener(new HealthExposureGuard());
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            // Readiness: DOWN while Postgres or a queue the routes read is unreachable, or the routes are not running.
            // Liveness: DOWN only when work waits and nothing has been committed or parked for health.stall-seconds.
            health.register(bean(context, "databaseHealthCheck", DatabaseHealthCheck.class));
            health.register(bean(context, "sqsHealthCheck", SqsHealthCheck.class));
            health.register(bean(context, "sqsRoutesHealthCheck", SqsRoutesHealthCheck.class));
            health.register(bean(context, "stallHealthCheck", StallHealthCheck.class));
        }
    }

    /**
     * The fields a row can hold, for the check of the insert: the validated fields as the mask steps the route files
     * declare leave them (a masked field's raw value removed, its column added), and the envelope's.
     */
    static Set<String> fieldsProduced(CamelContext context) {
        Set<String> fields = new LinkedHashSet<>(LoginFields.ALL);
        for (MaskProcessor mask : context.getRegistry().findByType(MaskProcessor.class)) {
            mask.targets().forEach(target -> fields.remove(target.field().name()));
            mask.targets().forEach(target -> fields.add(target.column()));
        }
        fields.add(LoginRow.MESSAGE_ID);
        fields.add(LoginRow.CREATE_DATE);
        return fields;
    }

    private static <T> T bean(CamelContext context, String name, Class<T> type) {
        T bean = context.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean " + name + " of type " + type.getSimpleName() + ": LoginEtlConfiguration binds it");
        }
        return bean;
    }

    @Override
    public String toString() {
        return "the assembly of login-etl's beans";
    }
}

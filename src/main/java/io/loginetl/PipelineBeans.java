package io.loginetl;

import io.loginetl.config.Settings;
import io.loginetl.config.StartupException;
import io.loginetl.masking.Masker;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The pipeline's own beans for the commands (prune, rekey, redrive, unmask): {@link LoginEtlConfiguration} read into
 * a context that is built and never started, so a command connects to Postgres and SQS, and masks, with the same
 * settings and the same code as the pipeline, and fails with the same lines.
 */
final class PipelineBeans implements AutoCloseable {

    private final CamelContext context;
    private final List<AutoCloseable> made = new ArrayList<>();

    private PipelineBeans(CamelContext context) {
        this.context = context;
    }

    static PipelineBeans load() {
        CamelContext context = new DefaultCamelContext(false);
        context.getPropertiesComponent().setLocation(Settings.locations(Settings.profile()));
        context.build();
        try {
            PluginHelper.getBeanPostProcessor(context).postProcessBeforeInitialization(new LoginEtlConfiguration(), "login-etl");
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeException(e);
        }
        return new PipelineBeans(context);
    }

    DataSource dataSource() {
        return made(bean("dataSource", DataSource.class));
    }

    SqsClient sqsClient() {
        return made(bean("sqsClient", SqsClient.class));
    }

    Masker masker() {
        return bean("masker", Masker.class);
    }

    private <T> T made(T bean) {
        if (bean instanceof AutoCloseable closeable && !made.contains(closeable)) {
            made.add(closeable);
        }
        return bean;
    }

    /** A bean made now, from its settings: a setting it refuses comes out as the StartupException it threw. */
    private <T> T bean(String name, Class<T> type) {
        try {
            return context.getRegistry().lookupByNameAndType(name, type);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof StartupException startup) {
                    throw startup;
                }
            }
            throw e;
        }
    }

    /** Closes the pool and the client a command used; the context was never started. */
    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : made) {
            closeable.close();
        }
    }
}

package io.loginetl.observability;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A one-line progress report every few seconds while running, and a summary line when stopping. Its timer
 * thread comes from Camel's ExecutorServiceManager (the context it is added to as a service), so Camel
 * names it, lists it and shuts it down with the context.
 */
public class Progress extends ServiceSupport implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final PipelineMetrics metrics;
    private final long intervalMillis;
    private CamelContext camelContext;
    private ScheduledExecutorService timer;
    private long startedNanos;
    private PipelineMetrics.Snapshot last;
    private long lastNanos;

    public Progress(PipelineMetrics metrics, long intervalMillis) {
        this.metrics = metrics;
        this.intervalMillis = intervalMillis;
    }

    @Override
    protected void doStart() {
        startedNanos = System.nanoTime();
        lastNanos = startedNanos;
        last = metrics.snapshot();
        if (intervalMillis > 0) {
            timer = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "Progress");
            timer.scheduleAtFixedRate(this::report, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    void report() {
        PipelineMetrics.Snapshot now = metrics.snapshot();
        long nowNanos = System.nanoTime();
        if (now.received() == last.received() && now.settled() == last.settled()) {
            return; // idle (empty polls and health probes still count SQS requests): say nothing
        }
        double seconds = (nowNanos - lastNanos) / 1e9;
        LOG.info(String.format(Locale.ROOT, "progress: received=%d inserted=%d duplicates=%d rejected=%d filtered=%d rate=%.0f msg/s",
                now.received(), now.inserted(), now.duplicates(), now.rejected(), now.filtered(), (now.settled() - last.settled()) / seconds));
        last = now;
        lastNanos = nowNanos;
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            camelContext.getExecutorServiceManager().shutdownNow(timer);
            timer = null;
        }
        PipelineMetrics.Snapshot total = metrics.snapshot();
        double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        LOG.info(summary(total, seconds));
    }

    /** The summary line; the benchmark reads it, so its keys are stable. */
    public static String summary(PipelineMetrics.Snapshot total, double seconds) {
        return String.format(Locale.ROOT,
                "summary: received=%d inserted=%d duplicates=%d rejected=%d filtered=%d sqs_requests=%d elapsed_s=%.1f rate=%.0f msg/s",
                total.received(), total.inserted(), total.duplicates(), total.rejected(), total.filtered(), total.sqsRequests(),
                seconds, total.settled() / seconds);
    }
}

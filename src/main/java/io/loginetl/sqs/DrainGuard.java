package io.loginetl.sqs;

import io.loginetl.message.SourceQueue;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.main.MainDurationEventNotifier;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Drain mode means drained. Camel Main's idle exit ({@code camel.main.duration-max-idle-seconds}) counts idle
 * time from the last exchange, and skips its check while an exchange is in flight in this process. After a
 * crash, messages another process received stay invisible in the queue until their visibility timeout ends:
 * idle here, Camel would exit 0 with them still to load. So, in drain mode only, while nothing is in flight
 * here, this asks the queues the routes read (once a second) how many messages they hold, visible, in flight
 * or delayed, and while they hold any it keeps a placeholder exchange in Camel's inflight repository, which
 * holds the idle exit off. Once they are empty Camel's own idle count decides.
 * <p>
 * If the queues keep holding messages that never come here (another consumer holds them) for
 * {@code 2 x visibility timeout + 10 s} with nothing received, it stops waiting: it says so in one WARN line,
 * and {@link #gaveUp()} turns the exit code to {@value #EXIT_CODE}. While SQS cannot be read (an outage) it waits
 * too, for as long, since what the queues hold is unknown. Messages a consumer that died held come back
 * within one visibility timeout; approximate counts that lag only make it wait longer, never less.
 */
public class DrainGuard extends ServiceSupport implements CamelContextAware {

    /** The exit code of a drain that stopped waiting for messages still in the queue. */
    public static final int EXIT_CODE = 4;
    private static final Logger LOG = LoggerFactory.getLogger(DrainGuard.class);
    private static final int DEFAULT_VISIBILITY_SECONDS = 30;

    private final RouteQueues sources;
    private final LongSupplier received;
    private CamelContext camelContext;
    private ScheduledExecutorService timer;
    private Exchange placeholder;
    private long lastReceived = -1;
    private long quietSinceNanos;
    private volatile boolean gaveUp;

    /** {@code received}: messages received so far, whose growth is progress. */
    public DrainGuard(RouteQueues sources, LongSupplier received) {
        this.sources = sources;
        this.received = received;
    }

    /** Whether drain mode stopped waiting for messages still in the queue. */
    public boolean gaveUp() {
        return gaveUp;
    }

    @Override
    protected void doStart() {
        boolean drainMode = false;
        for (EventNotifier notifier : camelContext.getManagementStrategy().getEventNotifiers()) {
            drainMode |= notifier instanceof MainDurationEventNotifier;
        }
        if (drainMode) {
            quietSinceNanos = System.nanoTime();
            timer = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "DrainGuard");
            timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            camelContext.getExecutorServiceManager().shutdownNow(timer);
            timer = null;
        }
        release();
    }

    synchronized void check() {
        try {
            long now = received.getAsLong();
            if (now != lastReceived) {
                lastReceived = now;
                quietSinceNanos = System.nanoTime();
            }
            int inFlightHere = camelContext.getInflightRepository().size() - (placeholder == null ? 0 : 1);
            if (gaveUp || inFlightHere > 0) {
                return; // Camel does not count idle time while exchanges are in flight anyway
            }
            List<SourceQueue> queues = sources.read(camelContext);
            int visibility = 0;
            for (SourceQueue queue : queues) {
                visibility = Math.max(visibility, queue.visibilityTimeoutSeconds() == null ? DEFAULT_VISIBILITY_SECONDS
                        : queue.visibilityTimeoutSeconds());
            }
            long held = 0;
            String unreadable = null;
            try {
                for (SourceQueue queue : queues) {
                    held += held(queue);
                }
            } catch (SdkException e) {
                // An outage: what the queues hold is unknown, so the drain is not over
                unreadable = SqsFailures.describe(e);
            }
            if (unreadable == null && held == 0) {
                release();
            } else if (System.nanoTime() - quietSinceNanos > TimeUnit.SECONDS.toNanos(2L * visibility + 10)) {
                gaveUp = true;
                release();
                long quietSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - quietSinceNanos);
                if (unreadable != null) {
                    LOG.warn("Drain: stopped waiting: {} cannot be read ({}) and nothing has come for {} s; exiting with code {}",
                            queues, unreadable, quietSeconds, EXIT_CODE);
                } else {
                    LOG.warn("Drain: stopped waiting for {} message(s) still in {}: none has come here for {} s (twice the"
                            + " visibility timeout and 10 s), so another consumer holds them; exiting with code {}", held, queues,
                            quietSeconds, EXIT_CODE);
                }
            } else if (placeholder == null) {
                placeholder = new DefaultExchange(camelContext);
                camelContext.getInflightRepository().add(placeholder);
                if (unreadable != null) {
                    LOG.info("Drain: {} cannot be read ({}): waiting for SQS before the idle exit", queues, unreadable);
                } else {
                    LOG.info("Drain: waiting for {} message(s) still in {} (in flight elsewhere, or delayed) before the idle exit",
                            held, queues);
                }
            }
        } catch (IllegalStateException e) {
            LOG.debug("Drain: cannot find the queues the routes read ({}); Camel's idle exit decides", e.getClass().getSimpleName());
            release();
        }
    }

    /** Visible, in flight and delayed messages of a queue: everything that can still reach a consumer. */
    private static long held(SourceQueue queue) {
        Map<QueueAttributeName, String> attributes = queue.client().getQueueAttributes(b -> b.queueUrl(queue.url())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        long held = 0;
        for (String count : attributes.values()) {
            held += Long.parseLong(count);
        }
        return held;
    }

    private synchronized void release() {
        if (placeholder != null) {
            camelContext.getInflightRepository().remove(placeholder);
            placeholder = null;
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
}

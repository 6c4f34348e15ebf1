package io.loginetl.sqs;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.sqs.Sqs2Consumer;
import org.apache.camel.component.aws2.sqs.Sqs2Endpoint;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.support.LoggingExceptionHandler;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How an aws2-sqs consumer rides out receives that fail (SQS unreachable, or refusing): the route's
 * {@code pollStrategy} and the consumer's {@code exceptionHandler}, declared in the route file with its delays.
 * <p>
 * Camel polls again after the scheduler's delay (500 ms when the route says 0), so an outage meant several failed
 * receives a second, each logged with its stack trace. Here a receiver whose receive failed waits before it polls
 * again, {@code initialDelayMillis} doubling with each failed receive of its queue up to {@code maxDelayMillis},
 * and a receive that succeeds ends every receiver's wait. The run of failures is logged once as it starts, with its
 * kind only ({@link SqsFailures#describe}: the AWS SDK's text can quote account ids and role names), and once as
 * it ends. Camel still counts each failed receive (its consumer health check is DOWN meanwhile) and then hands it
 * to the exception handler, which leaves it unsaid, having reported it; anything else it is handed (a failed
 * exchange) is logged as the consumer's default handler logs it.
 */
public class ReceiveBackoff implements PollingConsumerPollStrategy, ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiveBackoff.class);

    private long initialDelayMillis = -1;
    private long maxDelayMillis = -1;
    /** Per queue (endpoint URI): a second route reading another queue has its own outages. */
    private final Map<String, Receiving> queues = new ConcurrentHashMap<>();
    /** The recoveries of its queue a receiver had seen as its receive began. */
    private final ThreadLocal<Long> recoveriesAtBegin = new ThreadLocal<>();
    /** The failed receive a receiver's rollback reported, which Camel hands to the exception handler next. */
    private final ThreadLocal<Throwable> reported = new ThreadLocal<>();

    public void setInitialDelayMillis(long initialDelayMillis) {
        if (initialDelayMillis <= 0) {
            throw new IllegalArgumentException("initialDelayMillis must be positive, got " + initialDelayMillis);
        }
        this.initialDelayMillis = initialDelayMillis;
    }

    public void setMaxDelayMillis(long maxDelayMillis) {
        if (maxDelayMillis <= 0) {
            throw new IllegalArgumentException("maxDelayMillis must be positive, got " + maxDelayMillis);
        }
        this.maxDelayMillis = maxDelayMillis;
    }

    /** The wait after the {@code failures}th failed receive in a row. */
    long delayAfter(int failures) {
        requireDelays();
        return Math.min(maxDelayMillis, initialDelayMillis << Math.min(20, failures - 1));
    }

    /** Checked before every receive, so that a declaration without its delays fails at once, not in an outage. */
    private void requireDelays() {
        if (initialDelayMillis < 0 || maxDelayMillis < initialDelayMillis) {
            throw new IllegalStateException("the receive backoff needs initialDelayMillis, and maxDelayMillis at least as long:"
                    + " set them where the bean is declared (got " + initialDelayMillis + " and " + maxDelayMillis + ")");
        }
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        requireDelays();
        recoveriesAtBegin.set(receiving(endpoint).recoveries());
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        receiving(endpoint).succeeded();
    }

    /**
     * Waits before this receiver polls again (a stop interrupts the wait). Then false: Camel counts the failure,
     * hands it to the exception handler, and this receiver polls at its next run.
     */
    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        Receiving queue = receiving(endpoint);
        long wait = queue.failed(recoveriesAtBegin.get(), kind(cause));
        reported.set(cause);
        try {
            queue.awaitRecovery(wait);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    /** A failed receive that {@link #rollback} reported is not logged again; anything else as Camel's default handler logs it. */
    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (exception != null && exception == reported.get()) {
            reported.remove();
            return;
        }
        new LoggingExceptionHandler(exchange == null ? null : exchange.getContext(), Sqs2Consumer.class)
                .handleException(message, exchange, exception);
    }

    private Receiving receiving(Endpoint endpoint) {
        return queues.computeIfAbsent(endpoint.getEndpointUri(), uri -> new Receiving(queueName(endpoint)));
    }

    private static String queueName(Endpoint endpoint) {
        return endpoint instanceof Sqs2Endpoint sqs ? sqs.getConfiguration().getQueueName()
                : URISupport.sanitizeUri(endpoint.getEndpointBaseUri());
    }

    /** {@link SqsFailures#describe} of the SDK's exception, wherever Camel wrapped it; else the innermost cause's class. */
    static String kind(Throwable failure) {
        Throwable innermost = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SdkException sdk) {
                return SqsFailures.describe(sdk);
            }
            innermost = t;
        }
        return innermost.getClass().getSimpleName();
    }

    /** The receives of one queue, by all its receivers. */
    private final class Receiving {

        private final String queue;
        // guarded by this
        private int failures;
        private long failingSinceNanos;
        private long recoveries;

        Receiving(String queue) {
            this.queue = queue;
        }

        synchronized long recoveries() {
            return recoveries;
        }

        /**
         * Records a failed receive; returns how long its receiver waits. A receive that began before the queue
         * recovered (it straddled the recovery) starts no new run of failures: its receiver just polls again.
         */
        synchronized long failed(Long recoveriesAtBegin, String kind) {
            if (recoveriesAtBegin != null && recoveriesAtBegin != recoveries) {
                return 0;
            }
            long wait = delayAfter(++failures);
            if (failures == 1) {
                failingSinceNanos = System.nanoTime();
                LOG.warn("Receiving from SQS queue {} failed ({}): receivers retry after {} ms, doubling up to {} ms;"
                        + " further failures are not logged until a receive succeeds", queue, kind, wait, maxDelayMillis);
            } else {
                LOG.debug("Receiving from SQS queue {} failed again ({}), {} in a row: retrying in {} ms", queue, kind, failures, wait);
            }
            return wait;
        }

        synchronized void succeeded() {
            if (failures == 0) {
                return;
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - failingSinceNanos);
            LOG.info("Receiving from SQS queue {} works again, after {} s and {} failed receive(s)", queue, seconds, failures);
            failures = 0;
            recoveries++;
            notifyAll();
        }

        /** Waits this long, or until a receive of the queue succeeds. */
        synchronized void awaitRecovery(long millis) throws InterruptedException {
            long seen = recoveries;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            for (long left = millis; seen == recoveries && left > 0; left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
                wait(left);
            }
        }
    }
}

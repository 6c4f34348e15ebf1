package io.loginetl.health;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Liveness: DOWN when there is work and the pipeline has made no progress for {@code stall}: no batch
 * committed and no message parked, while messages are in flight here (exchanges in the routes: being
 * validated, batched, written or retried) or wait in the queue (the readiness check's last reading).
 * An idle pipeline with an empty queue stays UP however long it idles; a pipeline that commits stays UP
 * however slow. So it turns DOWN for what a restart can cure: threads wedged on something that never
 * answers. Database timeouts abandon a hung connection within about a minute; this is the backstop for
 * what they cannot bound (a write stuck in a dead TCP connection, a deadlock), and also turns DOWN in a
 * database outage longer than {@code stall}, where a restart costs nothing.
 * <p>
 * It reads counters only: no SQS or database call, and nothing on the path of a message.
 */
public class StallHealthCheck extends AbstractHealthCheck {

    public static final String ID = "stall";

    private final Duration stall;
    private final LongSupplier nanosSinceProgress;
    private final IntSupplier inFlight;
    private final QueueBacklog backlog;

    public StallHealthCheck(Duration stall, LongSupplier nanosSinceProgress, IntSupplier inFlight, QueueBacklog backlog) {
        super("login-etl", ID);
        this.stall = stall;
        this.nanosSinceProgress = nanosSinceProgress;
        this.inFlight = inFlight;
        this.backlog = backlog;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        long idleNanos = nanosSinceProgress.getAsLong();
        int held = inFlight.getAsInt();
        long waiting = backlog.visible(stall);
        builder.detail("seconds.since.progress", TimeUnit.NANOSECONDS.toSeconds(idleNanos));
        builder.detail("messages.in-flight", held);
        builder.detail("sqs.messages.visible", waiting < 0 ? "unknown" : Long.toString(waiting));
        if (stalled(idleNanos, held, waiting, stall)) {
            builder.message(String.format("no batch committed and no message parked for %d s (health.stall-seconds=%d)"
                    + " while %d message(s) are in flight here and %s wait in the queue",
                    TimeUnit.NANOSECONDS.toSeconds(idleNanos), stall.toSeconds(), held, waiting < 0 ? "an unknown number" : waiting));
            builder.down();
        } else {
            builder.up();
        }
    }

    /** The rule: work (in flight, or visible in the queue) and no progress for {@code stall}; a zero stall never is. */
    static boolean stalled(long idleNanos, int inFlight, long visible, Duration stall) {
        return !stall.isZero() && idleNanos >= stall.toNanos() && (inFlight > 0 || visible > 0);
    }
}

package io.loginetl.observability;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A run of failures of one kind (deletes refused, the DLQ unreachable, ...) is logged once when it starts
 * and once when it ends, not once per failure: an outage must not flood the log.
 */
public final class FailureEpisode {

    private final AtomicBoolean failing = new AtomicBoolean();

    /** True for the first failure after a success (or the first ever): the caller logs it. */
    public boolean failed() {
        return failing.compareAndSet(false, true);
    }

    /** True for the first success after failures: the caller logs the recovery. */
    public boolean succeeded() {
        return failing.get() && failing.compareAndSet(true, false);
    }
}

package io.loginetl.health;

import java.time.Duration;

/**
 * The messages waiting in the source queue, as the readiness check last read them (SQS's
 * ApproximateNumberOfMessages, visible ones only: messages other instances hold are not ours to
 * worry about). The stall check uses it so that it needs no SQS call of its own.
 */
public final class QueueBacklog {

    private volatile long visible = -1;
    private volatile long readAtNanos;

    /** A reading; -1 when it could not be read. */
    public void record(long visibleMessages) {
        readAtNanos = System.nanoTime();
        visible = visibleMessages;
    }

    /** The visible messages at the last reading, if it is at most {@code maxAge} old; -1 when unknown. */
    public long visible(Duration maxAge) {
        long value = visible;
        return value >= 0 && System.nanoTime() - readAtNanos <= maxAge.toNanos() ? value : -1;
    }
}

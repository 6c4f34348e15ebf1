package io.loginetl.health;

import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StallHealthCheckTest {

    private static final Duration STALL = Duration.ofSeconds(300);
    private static final long LONG_AGO = TimeUnit.SECONDS.toNanos(301);
    private static final long JUST_NOW = TimeUnit.SECONDS.toNanos(2);

    private static HealthCheck.Result check(long nanosSinceProgress, int inFlight, QueueBacklog backlog, Duration stall) {
        return new StallHealthCheck(stall, () -> nanosSinceProgress, () -> inFlight, backlog).call(Map.of());
    }

    private static QueueBacklog visible(long messages) {
        QueueBacklog backlog = new QueueBacklog();
        backlog.record(messages);
        return backlog;
    }

    @Test
    void anIdlePipelineWithAnEmptyQueueStaysUpHoweverLongItIdles() {
        assertEquals(HealthCheck.State.UP, check(TimeUnit.DAYS.toNanos(30), 0, visible(0), STALL).getState());
        assertEquals(HealthCheck.State.UP, check(LONG_AGO, 0, new QueueBacklog(), STALL).getState(), "queue never read");
    }

    @Test
    void messagesInFlightWithNoProgressForTheStallPeriodAreDown() {
        HealthCheck.Result result = check(LONG_AGO, 12, visible(0), STALL);
        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertEquals("no batch committed and no message parked for 301 s (health.stall-seconds=300) while 12 message(s)"
                + " are in flight here and 0 wait in the queue", result.getMessage().orElseThrow());
        assertEquals(12, result.getDetails().get("messages.in-flight"));
    }

    @Test
    void messagesWaitingInTheQueueWithNoProgressAreDownEvenWithNothingInFlight() {
        // receivers that died, or never start: nothing in flight, yet the queue fills
        assertEquals(HealthCheck.State.DOWN, check(LONG_AGO, 0, visible(5000), STALL).getState());
    }

    @Test
    void workWithRecentProgressIsUp() {
        assertEquals(HealthCheck.State.UP, check(JUST_NOW, 400, visible(100_000), STALL).getState());
        assertEquals(HealthCheck.State.UP, check(STALL.toNanos() - 1, 400, visible(100_000), STALL).getState());
    }

    @Test
    void aQueueReadingOlderThanTheStallPeriodOrAFailedOneIsNotCounted() {
        assertEquals(-1, new QueueBacklog().visible(STALL), "never read");
        assertEquals(-1, visible(7).visible(Duration.ZERO.minusNanos(1)), "too old");
        QueueBacklog failed = visible(7);
        failed.record(-1); // SQS unreachable: its outage is no stall of ours
        assertEquals(HealthCheck.State.UP, check(LONG_AGO, 0, failed, STALL).getState());
    }

    @Test
    void aZeroStallPeriodTurnsTheCheckOff() {
        assertFalse(StallHealthCheck.stalled(LONG_AGO, 10, 10, Duration.ZERO));
        assertTrue(StallHealthCheck.stalled(LONG_AGO, 10, 10, STALL));
    }

    @Test
    void itIsALivenessCheckOnly() {
        StallHealthCheck check = new StallHealthCheck(STALL, () -> 0, () -> 0, new QueueBacklog());
        assertTrue(check.isLiveness());
        assertFalse(check.isReadiness(), "readiness stays what it was");
    }
}

package io.loginetl.sqs;

import io.loginetl.support.LogCapture;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.aws2.sqs.Sqs2Component;
import org.apache.camel.component.aws2.sqs.Sqs2Configuration;
import org.apache.camel.component.aws2.sqs.Sqs2Consumer;
import org.apache.camel.component.aws2.sqs.Sqs2Endpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the aws2-sqs consumer does while receives fail: how long receivers wait, and what the log says. */
class ReceiveBackoffTest {

    /** What the AWS SDK can say of a failure, which must never reach the log. */
    private static final String SDK_TEXT = "User: arn:aws:sts::123456789012:assumed-role/login-etl/pod is not authorized";

    private final CamelContext context = new DefaultCamelContext();
    private Endpoint queue;

    @BeforeEach
    void anSqsEndpoint() {
        Sqs2Configuration configuration = new Sqs2Configuration();
        configuration.setQueueName("login-queue");
        // Not started: an endpoint would resolve its queue's URL as it starts
        queue = new Sqs2Endpoint("aws2-sqs://login-queue", new Sqs2Component(context), configuration);
    }

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private static ReceiveBackoff backoff(long initialMillis, long maxMillis) {
        ReceiveBackoff backoff = new ReceiveBackoff();
        backoff.setInitialDelayMillis(initialMillis);
        backoff.setMaxDelayMillis(maxMillis);
        return backoff;
    }

    private static SdkClientException unreachable() {
        return SdkClientException.builder().message("Unable to execute HTTP request: " + SDK_TEXT)
                .cause(new ConnectException("Connection refused: " + SDK_TEXT)).build();
    }

    /** A receive that fails, on this thread; returns once its wait is over. */
    private void failedReceive(ReceiveBackoff backoff) {
        assertTrue(backoff.begin(null, queue));
        assertFalse(backoff.rollback(null, queue, 0, unreachable()), "Camel counts the failure and polls at its next run");
    }

    private void succeededReceive(ReceiveBackoff backoff) {
        assertTrue(backoff.begin(null, queue));
        backoff.commit(null, queue, 10);
    }

    /** A receiver, on a thread of its own as Camel's are, whose receive fails; it ends once its wait is over. */
    private Thread failingReceiver(ReceiveBackoff backoff) throws InterruptedException {
        Thread receiver = new Thread(() -> failedReceive(backoff));
        receiver.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (receiver.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, "the receiver waits its backoff");
            Thread.sleep(10);
        }
        return receiver;
    }

    private static void assertEnds(Thread receiver) throws InterruptedException {
        receiver.join(5000);
        assertFalse(receiver.isAlive(), "its wait has ended");
    }

    @Test
    void waitsDoubleFromTheInitialDelayUpToTheLongest() {
        ReceiveBackoff backoff = backoff(1000, 10_000);
        List<Long> waits = new ArrayList<>();
        for (int failures = 1; failures <= 7; failures++) {
            waits.add(backoff.delayAfter(failures));
        }
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L, 10_000L), waits);
        assertEquals(10_000L, backoff.delayAfter(10_000), "no overflow however long the outage");
    }

    @Test
    void anOutageIsLoggedOnceAsItStartsAndOnceAsItEndsByTheFailuresKindOnly() {
        ReceiveBackoff backoff = backoff(1, 2);
        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < 20; i++) {
                failedReceive(backoff);
            }
            succeededReceive(backoff);
            succeededReceive(backoff);

            assertEquals(List.of("WARN io.loginetl.sqs.ReceiveBackoff Receiving from SQS queue login-queue failed (ConnectException):"
                            + " receivers retry after 1 ms, doubling up to 2 ms; further failures are not logged until a receive succeeds"),
                    log.lines(Level.WARN, ReceiveBackoff.class));
            List<String> ended = log.lines(Level.INFO, ReceiveBackoff.class);
            assertEquals(1, ended.size(), ended.toString());
            assertTrue(ended.get(0).matches(".* Receiving from SQS queue login-queue works again, after \\d+ s and 20 failed receive\\(s\\)"),
                    ended.get(0));

            failedReceive(backoff);
            assertEquals(2, log.lines(Level.WARN, ReceiveBackoff.class).size(), "the next outage is logged again");
        }
    }

    @Test
    void theFailuresKindIsFoundWhereverCamelWrappedIt() {
        assertEquals("ConnectException", ReceiveBackoff.kind(new IOException("Error while polling", unreachable())));
        assertEquals("IOException", ReceiveBackoff.kind(new IOException("Error while polling - all 2 requests resulted in an error")));
    }

    @Test
    void aReceiveThatSucceedsEndsTheWaitOfEveryReceiver() throws Exception {
        ReceiveBackoff backoff = backoff(60_000, 60_000);
        List<Thread> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(failingReceiver(backoff));
        }
        succeededReceive(backoff);
        for (Thread receiver : waiting) {
            assertEnds(receiver);
        }
    }

    @Test
    void aStopInterruptsAReceiversWait() throws Exception {
        ReceiveBackoff backoff = backoff(60_000, 60_000);
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread receiver = new Thread(() -> {
            failedReceive(backoff);
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        receiver.start();
        while (receiver.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(10);
        }
        receiver.interrupt(); // what stopping the consumer does: Camel cancels its scheduled polls with interruption
        assertEnds(receiver);
        assertTrue(stillInterrupted.get(), "the interrupt is kept for Camel to see");
    }

    @Test
    void aReceiveUnderWayAsTheQueueRecoversStartsNoNewOutage() throws Exception {
        ReceiveBackoff backoff = backoff(60_000, 60_000);
        Thread firstFailure = failingReceiver(backoff);
        CountDownLatch begun = new CountDownLatch(1);
        CountDownLatch recovered = new CountDownLatch(1);
        Thread straddling = new Thread(() -> {
            backoff.begin(null, queue); // during the outage
            begun.countDown();
            try {
                recovered.await();
            } catch (InterruptedException e) {
                return;
            }
            backoff.rollback(null, queue, 0, unreachable()); // fails once another receiver's receive has succeeded
        });
        straddling.start();
        assertTrue(begun.await(5, TimeUnit.SECONDS));
        try (LogCapture log = LogCapture.start()) {
            succeededReceive(backoff);
            recovered.countDown();
            assertEnds(straddling); // without waiting a 60 s backoff
            assertEnds(firstFailure);

            assertEquals(List.of(), log.lines(Level.WARN, ReceiveBackoff.class), "no new outage");
            assertEquals(1, log.lines(Level.INFO, ReceiveBackoff.class).size(), "the one that ended");
        }
    }

    @Test
    void theExceptionHandlerLeavesAReportedFailedReceiveUnsaidAndLogsAFailedExchangeAsCamelDoes() {
        ReceiveBackoff backoff = backoff(1, 1);
        try (LogCapture log = LogCapture.start()) {
            SdkClientException failure = unreachable();
            backoff.begin(null, queue);
            backoff.rollback(null, queue, 0, failure);
            // what ScheduledPollConsumer.doRun does next, on the same thread
            backoff.handleException("Failed polling endpoint: " + queue + ". Will try again at next poll", failure);
            assertEquals(List.of(), log.lines(Level.WARN, Sqs2Consumer.class), "reported once, by the backoff");

            backoff.handleException("Error during processing exchange", new DefaultExchange(context), new IllegalStateException("boom"));
            assertEquals(1, log.lines(Level.WARN, Sqs2Consumer.class).size(), "a failed exchange, as Camel's default handler logs it");
        }
    }

    @Test
    void aDeclarationWithoutItsDelaysFailsAtTheFirstReceive() {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> new ReceiveBackoff().begin(null, queue));
        assertTrue(missing.getMessage().contains("initialDelayMillis"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReceiveBackoff().setMaxDelayMillis(0));
    }
}

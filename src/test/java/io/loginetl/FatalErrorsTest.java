package io.loginetl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Threads that die of an uncaught exception, as the JVM dispatches it (the thread's group, then the default
 * handler): an ordinary exception is reported with its cause and halts nothing; a VirtualMachineError halts.
 */
class FatalErrorsTest {

    private final List<VirtualMachineError> halts = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private Thread.UncaughtExceptionHandler defaultBefore;
    private PrintStream stderrBefore;

    @BeforeEach
    void captureStderr() {
        defaultBefore = Thread.getDefaultUncaughtExceptionHandler();
        stderrBefore = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        Thread.setDefaultUncaughtExceptionHandler(defaultBefore);
        System.setErr(stderrBefore);
    }

    /** The handler install() sets, with halting recorded instead of done. */
    private void installWithHandlerBefore(Thread.UncaughtExceptionHandler before) {
        Thread.setDefaultUncaughtExceptionHandler(FatalErrors.haltingOnFatalErrors(before, halts::add));
    }

    /** A thread of its own, with no handler of its own, that dies of {@code failure}. */
    private static void dies(String name, Throwable failure) throws InterruptedException {
        Thread thread = new Thread(() -> {
            if (failure instanceof RuntimeException exception) {
                throw exception;
            }
            throw (Error) failure;
        }, name);
        thread.start();
        thread.join(10_000);
        assertFalse(thread.isAlive());
    }

    private String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUncaughtExceptionIsReportedWithItsCauseAsTheJvmDoesAndHaltsNothing() throws Exception {
        installWithHandlerBefore(null);

        dies("batch-writer-1", new IllegalStateException("the real cause"));

        assertTrue(stderr().startsWith("Exception in thread \"batch-writer-1\" java.lang.IllegalStateException: the real cause"
                + System.lineSeparator() + "\tat "), stderr());
        assertFalse(stderr().contains("StackOverflowError"), stderr());
        assertEquals(List.of(), halts, "an ordinary exception halts nothing");
    }

    @Test
    void anUncaughtExceptionGoesToTheHandlerThereWasBefore() throws Exception {
        List<String> before = new CopyOnWriteArrayList<>();
        installWithHandlerBefore((thread, failure) -> before.add(thread.getName() + ": " + failure.getMessage()));

        dies("progress-timer", new IllegalArgumentException("the real cause"));

        assertEquals(List.of("progress-timer: the real cause"), before);
        assertEquals("", stderr());
        assertEquals(List.of(), halts);
    }

    @Test
    void aVirtualMachineErrorStillHalts() throws Exception {
        List<String> before = new CopyOnWriteArrayList<>();
        installWithHandlerBefore((thread, failure) -> before.add(thread.getName()));
        OutOfMemoryError outOfMemory = new OutOfMemoryError("Java heap space");

        dies("sqs-receiver", outOfMemory);

        assertEquals(1, halts.size(), "halted");
        assertSame(outOfMemory, halts.get(0));
        assertEquals(List.of(), before, "halting is not left to the handler there was before");
    }
}

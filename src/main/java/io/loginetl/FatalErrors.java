package io.loginetl;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

import java.util.function.Consumer;

/**
 * An OutOfMemoryError (or another VirtualMachineError) ends the process with exit code {@value #EXIT_CODE}
 * instead of leaving it running half-broken: a thread that dies of one (a timer, a writer) can leave the
 * pipeline hung with messages in flight and liveness UP. Halting is safe: nothing is deleted from SQS before
 * its batch commits, so whatever was in flight comes back and the ledger skips what had loaded. The JVM flag
 * -XX:+ExitOnOutOfMemoryError (set in the Docker image) does the same earlier and everywhere; this covers
 * `java -jar` and `camel run` without it, with three nets: errors that escape a thread (the default
 * uncaught-exception handler), those a route step raises (the route's onException for
 * java.lang.VirtualMachineError calls {@link #halt}), and those a library catches and only logs (Camel's
 * poll loop logs an OutOfMemoryError of the SQS client and carries on): a log4j appender on the root logger.
 */
public final class FatalErrors {

    /** The exit code of a halt on a VirtualMachineError (as a shell shows a signal death: distinct from 1, a failed start). */
    public static final int EXIT_CODE = 3;

    private static volatile boolean installed;

    /**
     * Makes every thread's uncaught VirtualMachineError halt the JVM; others go to the handler there was before, or,
     * with none, are reported as the JVM reports them.
     */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        Thread.setDefaultUncaughtExceptionHandler(haltingOnFatalErrors(Thread.getDefaultUncaughtExceptionHandler(), FatalErrors::halt));
        haltOnLoggedFatalErrors();
        installed = true;
    }

    /**
     * A default uncaught-exception handler that hands a VirtualMachineError to {@code halt}, and any other failure to
     * {@code before}, or, when there was none, reports it as the JVM does. Not through the thread's group: a
     * ThreadGroup passes an exception it does not handle itself to the default handler, this one, which would call
     * it again until the stack overflowed, and the failure itself would be lost.
     */
    static Thread.UncaughtExceptionHandler haltingOnFatalErrors(Thread.UncaughtExceptionHandler before, Consumer<VirtualMachineError> halt) {
        return (thread, failure) -> {
            if (failure instanceof VirtualMachineError fatal) {
                halt.accept(fatal);
            } else if (before != null) {
                before.uncaughtException(thread, failure);
            } else if (!(failure instanceof ThreadDeath)) {
                // What ThreadGroup.uncaughtException prints when there is no default handler
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                failure.printStackTrace(System.err);
            }
        };
    }

    /** Halts on any log event that carries a VirtualMachineError, whoever caught it. */
    private static void haltOnLoggedFatalErrors() {
        try {
            LoggerContext logging = (LoggerContext) LogManager.getContext(false);
            Configuration config = logging.getConfiguration();
            Appender halting = new AbstractAppender("halt-on-fatal-error", null, null, true, Property.EMPTY_ARRAY) {
                @Override
                public void append(LogEvent event) {
                    if (event.getThrown() instanceof VirtualMachineError fatal) {
                        halt(fatal);
                    }
                }
            };
            halting.start();
            config.addAppender(halting);
            config.getRootLogger().addAppender(halting, null, null);
            logging.updateLoggers();
        } catch (LinkageError | ClassCastException otherLoggingBackend) {
            // Not log4j-core: the other two nets, and -XX:+ExitOnOutOfMemoryError, remain.
        }
    }

    /** For the route: halts on the exception the exchange caught. */
    public void halt(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        halt(failure instanceof VirtualMachineError fatal ? fatal : new InternalError(String.valueOf(failure)));
    }

    /**
     * Halts now: no shutdown hooks (a graceful stop needs memory and threads that may be gone) and no
     * logging framework, just one line on stderr with the error's class, never its message.
     */
    static void halt(VirtualMachineError fatal) {
        try {
            System.err.println("login-etl: " + fatal.getClass().getName() + ": stopping (exit " + EXIT_CODE
                    + "); messages in flight return to the queue");
        } finally {
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }
}

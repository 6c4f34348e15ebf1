package io.loginetl;

import io.loginetl.config.Settings;
import io.loginetl.config.StartupException;
import io.loginetl.sqs.DrainGuard;
import io.loginetl.sqs.SqsFailures;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import software.amazon.awssdk.core.exception.SdkException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the pipeline on Camel Main, or one of the commands: keygen, unmask, rekey, redrive, prune.
 * Routes are read from routes/*.camel.yaml on disk; settings from application.properties in the
 * working directory over the defaults inside the jar, then environment variables and -D properties.
 */
public final class LoginEtl {

    private LoginEtl() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    public static int run(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "run";
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        try {
            return switch (command) {
                case "keygen" -> Commands.keygen(rest);
                case "unmask" -> Commands.unmask(rest);
                case "redrive" -> Commands.redrive(rest);
                case "rekey" -> Commands.rekey(rest);
                case "prune" -> Commands.prune(rest);
                case "demo", "benchmark", "sqs-server" -> Commands.inToolsJar(command);
                case "run" -> runPipeline(rest);
                case "help", "--help", "-h" -> Commands.usage(0);
                default -> command.startsWith("-") ? runPipeline(args) : Commands.usage(2);
            };
        } catch (StartupException | IllegalArgumentException e) {
            System.err.println("login-etl: " + e.getMessage());
            return 1;
        }
    }

    static int runPipeline(String[] args) throws Exception {
        // Every setting checked before Camel starts: a bad one is one line, and nothing is received
        Settings settings = Settings.load();
        Main main = newMain();
        stopGracefullyOn("TERM", main);
        stopGracefullyOn("INT", main);
        // Found while Camel runs: once it has stopped, its registry holds nothing
        AtomicReference<DrainGuard> drain = new AtomicReference<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                drain.set(started.getCamelContext().getRegistry().lookupByNameAndType(LoginEtlConfiguration.DRAIN_GUARD, DrainGuard.class));
            }
        });
        try {
            int exit = main.run(args);
            return exit == 0 && drain.get() != null && drain.get().gaveUp() ? DrainGuard.EXIT_CODE : exit;
        } catch (Exception e) {
            main.completed(); // releases Camel's shutdown hook, which would otherwise hold System.exit
            throw startupFailure(e, settings.text("sqs.endpoint"));
        }
    }

    /**
     * SIGTERM and Ctrl-C stop the pipeline the graceful way (stop receiving, commit and delete what is
     * in flight) and let it exit 0; the JVM's default would run the same stop but exit 143.
     */
    private static void stopGracefullyOn(String signal, Main main) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> main.completed());
        } catch (IllegalArgumentException unsupported) {
            // not on this platform: the JVM's shutdown hook still stops Camel gracefully
        }
    }

    /**
     * The operator-facing cause of a failed start: ours when there is one, else the innermost message. An SQS
     * failure gets the same line whichever code made the first call: our queue check, or Camel's aws2-sqs endpoint
     * resolving its queue URL as the route starts.
     */
    static StartupException startupFailure(Throwable failure, String sqsEndpoint) {
        Throwable innermost = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StartupException startup) {
                return startup;
            }
            if (t instanceof SdkException sdk) {
                return SqsFailures.startupFailure(sdk, sqsEndpoint);
            }
            if (t instanceof java.nio.file.NoSuchFileException missing) {
                return new StartupException("cannot read " + missing.getFile() + " from " + Path.of("").toAbsolutePath()
                        + ": run from the project directory (routes/*.camel.yaml) or set CAMEL_MAIN_ROUTES_INCLUDE_PATTERN");
            }
            innermost = t;
        }
        return new StartupException("failed to start: " + innermost.getClass().getSimpleName() + ": " + innermost.getMessage());
    }

    /** The application on Camel Main, as `java -jar` runs it; tests and the demo start it the same way. */
    public static Main newMain() {
        // No main class: it would turn on package scanning, which finds the configuration a second time.
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation(Settings.locations(Settings.profile()));
        // The default here, not in application.properties: `camel run` reads that file too, and a key there
        // would override the files given on its command line. Env and -D still override this default.
        main.configure().withRoutesIncludePattern(Settings.ROUTES);
        main.addInitialProperty("camel.management.port", Settings.MANAGEMENT_PORT);
        main.configure().addConfiguration(LoginEtlConfiguration.class);
        return main;
    }
}

package io.loginetl;

import io.loginetl.bench.Benchmark;
import io.loginetl.demo.Demo;
import org.apache.camel.main.Main;

import java.util.Arrays;

/**
 * Runs the pipeline on Camel Main, or one of the commands: keygen, unmask, redrive, demo, benchmark.
 * Routes are read from routes/*.camel.yaml on disk; settings from application.properties in the
 * working directory over the defaults inside the jar, then environment variables and -D properties.
 */
public final class LoginEtl {

    static final String PROPERTIES = "classpath:application.properties,file:application.properties;optional=true";

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
                case "demo" -> Demo.run(rest);
                case "benchmark" -> Benchmark.run(rest);
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
        try {
            return newMain().run(args);
        } catch (Exception e) {
            throw startupFailure(e);
        }
    }

    /** The operator-facing cause of a failed start: ours when there is one, else the innermost message. */
    static StartupException startupFailure(Throwable failure) {
        Throwable innermost = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StartupException startup) {
                return startup;
            }
            innermost = t;
        }
        return new StartupException("failed to start: " + innermost.getClass().getSimpleName() + ": " + innermost.getMessage());
    }

    /** The application on Camel Main, as `java -jar` runs it; tests and the demo start it the same way. */
    public static Main newMain() {
        Main main = new Main(LoginEtl.class);
        main.setDefaultPropertyPlaceholderLocation(PROPERTIES);
        main.configure().addConfiguration(LoginEtlConfiguration.class);
        return main;
    }
}

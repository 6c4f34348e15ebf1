package io.loginetl.tools;

import io.loginetl.LoginEtl;
import io.loginetl.config.Settings;
import io.loginetl.config.StartupException;
import io.loginetl.config.Redact;
import io.loginetl.masking.MaskKeys;
import io.loginetl.masking.MaskMode;
import io.loginetl.sqs.SqsClients;
import org.apache.camel.main.Main;
import org.apache.logging.log4j.core.config.Configurator;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URISyntaxException;
import java.time.Instant;

/**
 * The one-command tour: an embedded SQS-compatible server (ElasticMQ) filled with generated logins,
 * the real pipeline draining it into a database of its own on the configured Postgres server
 * ({@link DemoDatabase}), and a report of what happened.
 */
public final class Demo {

    private Demo() {
    }

    public static int run(String[] args) throws Exception {
        DemoOptions options;
        Settings settings;
        String environmentDbUrl = System.getenv("DB_URL");
        String configuredDbUrl;
        // Refusals first, before anything starts: one line and exit code 2
        try {
            options = DemoOptions.parse(args);
            if (options == null) {
                System.out.print(DemoOptions.USAGE);
                return 0;
            }
            // Camel lets an environment variable win over any other setting, -D included: the demo can
            // replace db.url and sqs.endpoint (with system properties, which beat files and overrides)
            // only when DB_URL and SQS_ENDPOINT are not set in the environment.
            if (System.getenv("SQS_ENDPOINT") != null) {
                throw new StartupException("demo: SQS_ENDPOINT is set, but the demo runs its own embedded SQS: run it without SQS_ENDPOINT");
            }
            DemoDatabase.refuseOtherDatabaseIn(environmentDbUrl);
            settings = Settings.load();
            configuredDbUrl = environmentDbUrl != null ? environmentDbUrl : settings.text("db.url");
            DemoDatabase.url(configuredDbUrl); // a db.url that names no server is refused here too
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            return 2;
        } catch (StartupException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (!options.verbose()) {
            quietLogging();
        }
        try {
            return run(options, settings, configuredDbUrl);
        } catch (StartupException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    private static int run(DemoOptions options, Settings settings, String configuredDbUrl) throws Exception {
        Main main = LoginEtl.newMain();
        if (settings.text("mask.key").isEmpty() && settings.text("mask.key-file").isEmpty()) {
            System.out.println("demo: MASK_KEY is not set, so this run masks with a throwaway key "
                    + "(its tokens cannot be unmasked later; see README to keep one)");
            System.setProperty("mask.key", MaskKeys.generate(MaskMode.of(settings.text("mask.mode"))));
        }
        String dbUser = settings.text("db.user");
        String dbPassword = settings.dbPassword();
        String dbUrl = DemoDatabase.prepare(configuredDbUrl, dbUser, dbPassword);
        System.setProperty("db.url", dbUrl);
        System.out.printf("demo: loading into database %s (%s), the demo's own: created if missing, emptied at each run%n",
                DemoDatabase.NAME, Redact.jdbcUrl(dbUrl));
        String queue = settings.text("sqs.queue");
        Instant started = Instant.now();
        try (EmbeddedSqs server = EmbeddedSqs.start();
             SqsClient sqs = SqsClients.create(server.endpoint(), settings.text("sqs.region"), 16)) {
            String queueUrl = sqs.createQueue(b -> b.queueName(queue)).queueUrl();
            LoginGenerator generator = new LoginGenerator(System.nanoTime(), 0.1, 0.01);
            EmbeddedSqs.fill(sqs, queueUrl, options.messages(), generator::next);
            System.out.printf("demo: embedded SQS at %s holds %d generated logins in %s%n", server.endpoint(), options.messages(), queue);
            if (!options.verbose()) {
                System.out.println("demo: draining it with the pipeline (warnings only; --verbose shows its whole log)");
            }

            System.setProperty("sqs.endpoint", server.endpoint());
            main.addOverrideProperty("camel.main.duration-max-idle-seconds",
                    settings.unlisted("camel.main.duration-max-idle-seconds", "3"));
            int exit;
            try {
                exit = main.run(new String[0]);
            } catch (Exception e) {
                main.completed(); // releases Camel's shutdown hook, which would otherwise hold System.exit
                throw new StartupException("demo: the pipeline did not start: " + cause(e));
            }
            DemoReport.lines(sqs, settings.text("sqs.dlq"), dbUrl, dbUser, dbPassword, started)
                    .forEach(System.out::println);
            return exit;
        }
    }

    /**
     * Camel's and the libraries' INFO lines (dozens before the first message moves) stay out of the demo's way: the
     * console gets the demo's lines, the pipeline's progress and everyone's warnings (log4j2-demo.properties).
     */
    private static void quietLogging() throws URISyntaxException {
        Configurator.reconfigure(Demo.class.getResource("/log4j2-demo.properties").toURI());
    }

    /** What went wrong, in a line: our own message where there is one, else the innermost exception's. */
    private static String cause(Throwable failure) {
        Throwable innermost = failure;
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof StartupException startup) {
                return startup.getMessage();
            }
            innermost = t;
        }
        return innermost.getClass().getSimpleName() + ": " + innermost.getMessage();
    }
}

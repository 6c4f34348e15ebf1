package io.loginetl.tools;

import io.loginetl.LoginEtl;
import io.loginetl.config.Settings;
import io.loginetl.config.StartupException;
import io.loginetl.config.Redact;
import io.loginetl.masking.MaskKeys;
import io.loginetl.masking.MaskMode;
import io.loginetl.parking.DeadLetterQueue;
import io.loginetl.sqs.SqsClients;
import org.apache.camel.main.Main;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one-command tour: an embedded SQS-compatible server (ElasticMQ) filled with generated logins,
 * the real pipeline draining it into a database of its own on the configured Postgres server
 * ({@link DemoDatabase}), and a report of what happened.
 */
public final class Demo {

    private Demo() {
    }

    public static int run(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Settings settings = Settings.load();
        Main main = LoginEtl.newMain();
        if (settings.text("mask.key").isEmpty() && settings.text("mask.key-file").isEmpty()) {
            System.out.println("demo: MASK_KEY is not set, so this run masks with a throwaway key "
                    + "(its tokens cannot be unmasked later; see README to keep one)");
            System.setProperty("mask.key", MaskKeys.generate(MaskMode.of(settings.text("mask.mode"))));
        }
        // Camel lets an environment variable win over any other setting, -D included: the demo can
        // replace db.url and sqs.endpoint (with system properties, which beat files and overrides)
        // only when DB_URL and SQS_ENDPOINT are not set in the environment.
        if (System.getenv("SQS_ENDPOINT") != null) {
            throw new StartupException("demo: SQS_ENDPOINT is set, but the demo runs its own embedded SQS: run it without SQS_ENDPOINT");
        }
        String environmentDbUrl = System.getenv("DB_URL");
        DemoDatabase.refuseOtherDatabaseIn(environmentDbUrl);
        String dbUser = settings.text("db.user");
        String dbPassword = settings.dbPassword();
        String dbUrl = DemoDatabase.prepare(environmentDbUrl != null ? environmentDbUrl : settings.text("db.url"), dbUser, dbPassword);
        System.setProperty("db.url", dbUrl);
        System.out.printf("demo: loading into database %s (%s), the demo's own: created if missing, emptied at each run%n",
                DemoDatabase.NAME, Redact.jdbcUrl(dbUrl));
        String queue = settings.text("sqs.queue");
        Instant started = Instant.now();
        try (EmbeddedSqs server = EmbeddedSqs.start();
             SqsClient sqs = SqsClients.create(server.endpoint(), settings.text("sqs.region"), 16)) {
            String queueUrl = sqs.createQueue(b -> b.queueName(queue)).queueUrl();
            LoginGenerator generator = new LoginGenerator(System.nanoTime(), 0.1, 0.01);
            EmbeddedSqs.fill(sqs, queueUrl, count, generator::next);
            System.out.printf("demo: embedded SQS at %s holds %d generated logins in %s%n", server.endpoint(), count, queue);

            System.setProperty("sqs.endpoint", server.endpoint());
            main.addOverrideProperty("camel.main.duration-max-idle-seconds",
                    settings.unlisted("camel.main.duration-max-idle-seconds", "3"));
            int exit = main.run(new String[0]);

            String dlqUrl = sqs.getQueueUrl(b -> b.queueName(settings.text("sqs.dlq"))).queueUrl();
            report(dbUrl, dbUser, dbPassword, started, rejectionsByReason(sqs, dlqUrl));
            return exit;
        }
    }

    static Map<String, Integer> rejectionsByReason(SqsClient sqs, String dlqUrl) {
        Map<String, Integer> reasons = new TreeMap<>();
        while (true) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10)
                    .messageAttributeNames("All").waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                return reasons;
            }
            for (Message m : messages) {
                var reason = m.messageAttributes().get(DeadLetterQueue.REASON);
                reasons.merge(reason == null ? "unknown" : reason.stringValue(), 1, Integer::sum);
            }
        }
    }

    private static void report(String dbUrl, String dbUser, String dbPassword, Instant started, Map<String, Integer> rejected)
            throws SQLException {
        try (Connection db = DriverManager.getConnection(dbUrl, dbUser, dbPassword)) {
            long loaded = single(db, "SELECT count(*) FROM login_etl_ledger WHERE loaded_at >= ?", Timestamp.from(started));
            long devices = single(db, "SELECT count(*) FROM (SELECT masked_device_id FROM user_logins"
                    + " GROUP BY 1 HAVING count(*) > 1) d");
            long ips = single(db, "SELECT count(*) FROM (SELECT masked_ip FROM user_logins GROUP BY 1 HAVING count(*) > 1) d");
            System.out.println("demo: rows loaded into user_logins of " + DemoDatabase.NAME + ": " + loaded);
            System.out.println("demo: rejected to the dead-letter queue: "
                    + rejected.values().stream().mapToInt(Integer::intValue).sum() + " " + rejected);
            System.out.println("demo: in user_logins, devices seen more than once: " + devices
                    + ", ip addresses seen more than once: " + ips + " (found through equal tokens alone)");
        }
    }

    private static long single(Connection db, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

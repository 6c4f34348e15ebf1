package io.loginetl;

import io.loginetl.config.Settings;
import io.loginetl.db.Prune;
import io.loginetl.masking.Field;
import io.loginetl.masking.MaskKeys;
import io.loginetl.masking.MaskMode;
import io.loginetl.masking.MaskProcessor;
import io.loginetl.masking.Masker;
import io.loginetl.masking.Rekey;
import io.loginetl.parking.Redrive;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/** The small commands besides the pipeline. Settings come from the same places as the pipeline's. */
final class Commands {

    private Commands() {
    }

    static int usage(int exitCode) {
        PrintStream out = exitCode == 0 ? System.out : System.err;
        out.println("""
                usage: java -jar login-etl.jar [command]
                  (none) | run             load login events from SQS into Postgres (Camel Main options allowed)
                  keygen [--mode hmac]     print a new mask key (one line, base64)
                  keygen --rotate          print MASK_KEY plus a new primary key (old tokens still unmask)
                  unmask TOKEN...          print the original value of each token (MASK_KEY required)
                  rekey [--table T]        re-mask the masked columns under the primary key after a rotation
                  redrive                  move every message from the dead-letter queue back to the source queue
                  prune                    delete ledger and parked records older than ledger.retention-days
                The demo and the benchmark are in login-etl-tools.jar (it embeds an SQS server):
                  java -jar login-etl-tools.jar demo [N]
                  java -jar login-etl-tools.jar benchmark [options]""");
        return exitCode;
    }

    static int keygen(String[] args) {
        List<String> options = List.of(args);
        Settings settings = Settings.load();
        MaskMode mode = MaskMode.of(option(options, "--mode", settings.text("mask.mode")));
        if (options.contains("--rotate")) {
            System.out.println(MaskKeys.rotate(settings.maskKey(), mode));
        } else {
            System.out.println(MaskKeys.generate(mode));
        }
        return 0;
    }

    static int unmask(String[] tokens) {
        if (tokens.length == 0) {
            System.err.println("usage: MASK_KEY=... java -jar login-etl.jar unmask TOKEN...");
            return 2;
        }
        Settings settings = Settings.load();
        Masker masker = Masker.of(MaskMode.of(settings.text("mask.mode")), settings.maskKey());
        List<Field> fields = DeclaredMasking.fields(DeclaredMasking.targets(settings, masker));
        int failures = 0;
        for (String token : tokens) {
            try {
                System.out.println(masker.unmask(token, fields).value());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                System.err.println("login-etl: cannot unmask: " + e.getMessage());
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }

    static int rekey(String[] args) throws SQLException {
        Settings settings = Settings.load();
        Masker masker = Masker.of(MaskMode.of(settings.text("mask.mode")), settings.maskKey());
        List<MaskProcessor.Target> targets = DeclaredMasking.targets(settings, masker);
        String table = option(List.of(args), "--table", "user_logins");
        try (Connection db = DriverManager.getConnection(settings.text("db.url"), settings.text("db.user"),
                settings.dbPassword())) {
            long changed = Rekey.run(db, masker, table, targets);
            System.out.println("rekey: " + changed + " row(s) of " + table + " re-masked under the primary key ("
                    + targets.stream().map(MaskProcessor.Target::column).toList() + ")");
        }
        return 0;
    }

    static int redrive(String[] args) {
        Settings settings = Settings.load();
        int moved = Redrive.run(settings);
        System.out.println("redrive: moved " + moved + " message(s) from " + settings.text("sqs.dlq")
                + " back to " + settings.text("sqs.queue"));
        return 0;
    }

    static int prune(String[] args) {
        Settings settings = Settings.load();
        int days = settings.wholeNumber("ledger.retention-days");
        // The pipeline's bounds, so that a database that hangs fails the run instead of holding a cron job.
        Properties connection = new Properties();
        connection.setProperty("user", settings.text("db.user"));
        connection.setProperty("password", settings.dbPassword());
        connection.setProperty("connectTimeout", settings.text("db.connect-timeout-seconds"));
        connection.setProperty("loginTimeout", settings.text("db.connect-timeout-seconds"));
        connection.setProperty("socketTimeout", settings.text("db.socket-timeout-seconds"));
        try (Connection db = DriverManager.getConnection(settings.text("db.url"), connection)) {
            Prune.Result pruned = Prune.run(db, days, settings.wholeNumber("db.statement-timeout-seconds"));
            System.out.println("prune: deleted " + pruned.ledger() + " ledger and " + pruned.parked() + " parked record(s) older than "
                    + days + " days");
            return 0;
        } catch (SQLException e) {
            System.err.println("login-etl: prune failed (SQLState " + e.getSQLState() + "): " + e.getMessage());
            return 1;
        }
    }

    static int inToolsJar(String command) {
        System.err.println("login-etl: " + command + " is in the tools jar, which embeds an SQS server production does not need:"
                + " java -jar target/login-etl-tools.jar " + command);
        return 2;
    }

    private static String option(List<String> options, String name, String fallback) {
        int at = options.indexOf(name);
        return at >= 0 && at + 1 < options.size() ? options.get(at + 1) : fallback;
    }
}

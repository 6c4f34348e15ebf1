package io.loginetl;

import io.loginetl.config.Settings;
import io.loginetl.config.StartupException;
import io.loginetl.db.Prune;
import io.loginetl.db.SqlStates;
import io.loginetl.masking.Field;
import io.loginetl.masking.MaskKeys;
import io.loginetl.masking.MaskMode;
import io.loginetl.masking.MaskProcessor;
import io.loginetl.masking.Masker;
import io.loginetl.masking.Rekey;
import io.loginetl.parking.Redrive;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

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
                The tools are in login-etl-tools.jar (it embeds an SQS server production does not need):
                  java -jar login-etl-tools.jar demo [N] [--verbose]
                  java -jar login-etl-tools.jar sqs-server [--port N] [--queue NAME] [--load FILE]
                  java -jar login-etl-tools.jar benchmark [options]""");
        return exitCode;
    }

    static int keygen(String[] args) {
        List<String> options = List.of(args);
        Settings settings = Settings.load();
        MaskMode mode = MaskMode.of(option(options, "--mode", settings.text("mask.mode")));
        if (options.contains("--rotate")) {
            System.out.println(MaskKeys.rotate(MaskKeys.keyset(settings.text("mask.key"), settings.text("mask.key-file")), mode));
        } else {
            System.out.println(MaskKeys.generate(mode));
        }
        return 0;
    }

    static int unmask(String[] tokens) throws Exception {
        if (tokens.length == 0) {
            System.err.println("usage: MASK_KEY=... java -jar login-etl.jar unmask TOKEN...");
            return 2;
        }
        Settings settings = Settings.load();
        try (PipelineBeans beans = PipelineBeans.load()) {
            Masker masker = beans.masker();
            List<Field> fields = DeclaredMasking.fields(DeclaredMasking.targets(settings, masker));
            int failures = 0;
            for (String token : tokens) {
                try {
                    System.out.println(masker.unmask(token, fields).value());
                } catch (IllegalArgumentException | UnsupportedOperationException e) {
                    // One line per token that does not unmask; the others are still printed
                    System.err.println("login-etl: cannot unmask: " + e.getMessage());
                    failures++;
                }
            }
            return failures == 0 ? 0 : 1;
        }
    }

    static int rekey(String[] args) throws Exception {
        Settings settings = Settings.load();
        String table = option(List.of(args), "--table", "user_logins");
        try (PipelineBeans beans = PipelineBeans.load(); Connection db = beans.dataSource().getConnection()) {
            Masker masker = beans.masker();
            List<MaskProcessor.Target> targets = DeclaredMasking.targets(settings, masker);
            long changed = Rekey.run(db, masker, table, targets);
            System.out.println("rekey: " + changed + " row(s) of " + table + " re-masked under the primary key ("
                    + targets.stream().map(MaskProcessor.Target::column).toList() + ")");
        }
        return 0;
    }

    static int redrive(String[] args) throws Exception {
        Settings settings = Settings.load();
        int moved;
        try (PipelineBeans beans = PipelineBeans.load()) {
            moved = Redrive.run(beans.sqsClient(), settings.text("sqs.endpoint"), settings.text("sqs.queue"), settings.text("sqs.dlq"));
        }
        System.out.println("redrive: moved " + moved + " message(s) from " + settings.text("sqs.dlq")
                + " back to " + settings.text("sqs.queue"));
        return 0;
    }

    /** With the pipeline's pool and its bounds, so that a database that hangs fails the run instead of holding a cron job. */
    static int prune(String[] args) throws Exception {
        Settings settings = Settings.load();
        int days = settings.wholeNumber("ledger.retention-days");
        try (PipelineBeans beans = PipelineBeans.load(); Connection db = beans.dataSource().getConnection()) {
            Prune.Result pruned = Prune.run(db, days, settings.wholeNumber("db.statement-timeout-seconds"));
            System.out.println("prune: deleted " + pruned.ledger() + " ledger and " + pruned.parked() + " parked record(s) older than "
                    + days + " days");
            return 0;
        } catch (SQLException e) {
            // The pool wraps the driver's exception: its class and SQLState are found in the chain, never its text
            throw new StartupException("prune failed: " + SqlStates.describe(e) + ": check DB_URL (db.url), DB_USER and DB_PASSWORD");
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

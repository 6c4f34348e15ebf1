package io.loginetl.tools;

import io.loginetl.parking.DeadLetterQueue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

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

/** What the demo says once the pipeline has stopped: rows loaded, messages rejected by reason, duplicates found. */
final class DemoReport {

    private DemoReport() {
    }

    /** The report's lines, read from the dead-letter queue named {@code dlq} and the demo's database. */
    static List<String> lines(SqsClient sqs, String dlq, String dbUrl, String dbUser, String dbPassword, Instant started)
            throws SQLException {
        Map<String, Integer> rejected = rejectionsByReason(sqs, dlq);
        try (Connection db = DriverManager.getConnection(dbUrl, dbUser, dbPassword)) {
            long loaded = single(db, "SELECT count(*) FROM login_etl_ledger WHERE loaded_at >= ?", Timestamp.from(started));
            long devices = single(db, "SELECT count(*) FROM (SELECT masked_device_id FROM user_logins"
                    + " GROUP BY 1 HAVING count(*) > 1) d");
            long ips = single(db, "SELECT count(*) FROM (SELECT masked_ip FROM user_logins GROUP BY 1 HAVING count(*) > 1) d");
            return List.of(
                    "demo: rows loaded into user_logins of " + DemoDatabase.NAME + ": " + loaded,
                    "demo: rejected to the dead-letter queue: " + rejected.values().stream().mapToInt(Integer::intValue).sum()
                            + (rejected.isEmpty() ? "" : " " + rejected),
                    "demo: in user_logins, devices seen more than once: " + devices
                            + ", ip addresses seen more than once: " + ips + " (found through equal tokens alone)");
        }
    }

    /**
     * The parked messages by reason. The pipeline creates the dead-letter queue when it parks the first message,
     * so a run that parked nothing has none: no queue is no rejection.
     */
    static Map<String, Integer> rejectionsByReason(SqsClient sqs, String dlq) {
        String dlqUrl;
        try {
            dlqUrl = sqs.getQueueUrl(b -> b.queueName(dlq)).queueUrl();
        } catch (QueueDoesNotExistException nothingParked) {
            return Map.of();
        }
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

package io.loginetl.parking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The record of what has been parked ({@code login_etl_parked}), so that a message is sent to the
 * dead-letter queue once however often SQS delivers it: a message found here is only deleted.
 * <p>
 * The key is the SQS message id of the message as received, not the id the ledger knows it by. A message
 * redelivered (its delete failed, or its visibility timeout ran out) has the same SQS id, so it is found
 * and not parked twice. A message redriven from the dead-letter queue is a new SQS message with a new id
 * (carrying the original one as source-message-id): keyed by the original id it would be found, deleted
 * and lost if it is still bad; keyed by its own id it is parked again, as it must be. The ledger, keyed by
 * the original id, is what keeps a redriven message that is good now from loading twice.
 * <p>
 * The record is claimed before the DLQ send, in a transaction committed only after the send succeeds: a
 * failed send rolls the claim back, and a second instance parking the same message at the same moment
 * waits on the row lock and then finds it. The one duplicate left is a crash between the send and the
 * commit.
 */
public class ParkedMessages {

    static final String CLAIM = "INSERT INTO login_etl_parked(message_id) VALUES (?) ON CONFLICT (message_id) DO NOTHING";

    private final DataSource dataSource;

    public ParkedMessages(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What became of a message handed to {@link #once}. */
    public enum Outcome {
        /** Sent to the dead-letter queue now, and recorded. */
        PARKED,
        /** Sent now, but the record did not commit: a redelivery would be parked again. */
        PARKED_UNRECORDED,
        /** Parked before: nothing sent. */
        ALREADY_PARKED
    }

    /**
     * Runs {@code send} unless the message with this SQS id was parked before.
     *
     * @throws SQLException when the database cannot say (nothing was sent)
     * @throws RuntimeException from {@code send} (nothing was recorded)
     */
    public Outcome once(String sqsMessageId, Runnable send) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            boolean claimed;
            try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                claim.setString(1, sqsMessageId);
                claimed = claim.executeUpdate() == 1;
            }
            if (!claimed) {
                connection.rollback();
                return Outcome.ALREADY_PARKED;
            }
            try {
                send.run();
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            }
            try {
                connection.commit();
                return Outcome.PARKED;
            } catch (SQLException e) {
                return Outcome.PARKED_UNRECORDED;
            }
        }
    }
}

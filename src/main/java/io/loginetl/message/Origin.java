package io.loginetl.message;

import java.util.List;

/**
 * The identity the ledger, the parking record and the dead-letter queue know a message by: its own SQS
 * message id and SentTimestamp, or, for a message redriven from the dead-letter queue with a seal that
 * verifies, those of the message as it first arrived.
 */
public record Origin(String messageId, String sentTimestamp, Claim claim) {

    /** The message attribute with the id the ledger knows a parked message by: its own, or its original one. */
    public static final String SOURCE_MESSAGE_ID = "source-message-id";
    /** The SentTimestamp of the message as it first arrived: create_date of a redriven message. */
    public static final String SOURCE_SENT_TIMESTAMP = "source-sent-timestamp";
    /** The seal of source-message-id, source-sent-timestamp and the body (RedriveSeal). */
    public static final String SOURCE_SEAL = "source-seal";
    /** The attributes that travel with a parked message when it is redriven. */
    public static final List<String> ATTRIBUTES = List.of(SOURCE_MESSAGE_ID, SOURCE_SENT_TIMESTAMP, SOURCE_SEAL);

    /** What the message said about an earlier identity. */
    public enum Claim {
        /** No source-message-id: the message is known by its own id. */
        NONE,
        /** A sealed claim that verifies: the message is known by its original id and SentTimestamp. */
        VERIFIED,
        /** A source-message-id without a valid seal: ignored, the message is known by its own id. */
        REJECTED
    }
}

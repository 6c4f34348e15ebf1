package io.loginetl.parking;

/**
 * The identity the ledger, the parking record and the dead-letter queue know a message by: its own SQS
 * message id and SentTimestamp, or, for a message redriven from the dead-letter queue with a seal that
 * verifies, those of the message as it first arrived.
 */
public record Origin(String messageId, String sentTimestamp, Claim claim) {

    /** What the message said about an earlier identity. */
    public enum Claim {
        /** No source-message-id: the message is known by its own id. */
        NONE,
        /** A sealed claim that verifies: the message is known by its original id and SentTimestamp. */
        VERIFIED,
        /** A source-message-id without a valid seal: ignored, the message is known by its own id. */
        REJECTED
    }

    /**
     * Decides whose identity a received message carries. {@code body} is the body as received: a seal
     * belongs to one body, so a claim copied onto another message does not verify.
     */
    public static Origin of(RedriveSeal seal, String ownId, String ownSentTimestamp, String claimedId,
            String claimedSentTimestamp, String sealText, String body) {
        if (claimedId == null && sealText == null) {
            return new Origin(ownId, ownSentTimestamp, Claim.NONE);
        }
        if (seal.verifies(sealText, claimedId, claimedSentTimestamp, body)) {
            return new Origin(claimedId, claimedSentTimestamp != null ? claimedSentTimestamp : ownSentTimestamp, Claim.VERIFIED);
        }
        return new Origin(ownId, ownSentTimestamp, Claim.REJECTED);
    }
}

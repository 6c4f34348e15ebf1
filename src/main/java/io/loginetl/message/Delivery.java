package io.loginetl.message;

/**
 * One SQS message as this pipeline received it, and what has become of it. Captured as its exchange enters
 * the route that reads the queue, before any step runs, so that whatever the route does to the body and the
 * headers, the steps after still know the body as received, the receipt handle, the queue and the ids.
 * <p>
 * A message is settled by how its exchange ends (README, "What a route may do"):
 * <ul>
 *   <li>rows handed to a batch: deleted once its exchange has ended and each of its rows is committed (or parked);</li>
 *   <li>parked in the dead-letter queue: deleted once its exchange has ended;</li>
 *   <li>ended on purpose without a row (filtered, stopped, forwarded elsewhere): deleted, counted as filtered;</li>
 *   <li>failed with an exception nobody handled, a row never committed, or a park that could not be made: left
 *       in SQS, which delivers it again after its visibility timeout.</li>
 * </ul>
 * Copies of the exchange (split parts, multicast branches) share this object, so each of them counts.
 */
public final class Delivery {

    /** The exchange property that holds it. */
    public static final String PROPERTY = "LoginEtlDelivery";

    /** What to do with the message now. */
    public enum Settled {
        /** Not yet, or never (it stays in SQS). */
        NOT_YET,
        /** Delete it: loaded, parked, or its rows skipped as loaded before. */
        DELETE,
        /** Delete it: the route ended it on purpose without a row. */
        DELETE_FILTERED
    }

    private final SourceQueue queue;
    private final String receiptHandle;
    private final String sqsMessageId;
    private final Origin origin;
    private final String body;

    private int rowsHanded;
    private int rowsOpen;
    private boolean ended;
    private boolean failed;
    private boolean parked;
    private boolean kept;
    private boolean settled;

    /** {@code origin}: the identity the ledger knows it by; {@code body}: as received. */
    public Delivery(SourceQueue queue, String receiptHandle, String sqsMessageId, Origin origin, String body) {
        this.queue = queue;
        this.receiptHandle = receiptHandle;
        this.sqsMessageId = sqsMessageId;
        this.origin = origin;
        this.body = body;
    }

    public SourceQueue queue() {
        return queue;
    }

    public String receiptHandle() {
        return receiptHandle;
    }

    /** This delivery's own SQS message id. */
    public String sqsMessageId() {
        return sqsMessageId;
    }

    /** The body as received, before any step of the route. */
    public String body() {
        return body;
    }

    /** The identity the ledger knows the message by: its own, or the sealed original of a redriven message. */
    public Origin origin() {
        return origin;
    }

    /**
     * A row of this message joins a batch. Returns the row's ledger key: the message's own for its first row,
     * numbered for further ones (a route that splits a message into several rows), so each row loads once.
     *
     * @throws IllegalStateException when the message was settled already (a wireTap copy that reaches a batch
     *                               after the message itself ended): its row could no longer hold it in SQS
     */
    public synchronized String rowHanded() {
        if (settled) {
            throw new IllegalStateException("a row reached a batch after its SQS message was settled (a copy made by wireTap?):"
                    + " only the message's own exchange, or parts a split or multicast waits for, may hand rows to a batch");
        }
        rowsHanded++;
        rowsOpen++;
        return rowsHanded == 1 ? origin.messageId() : origin.messageId() + "/" + rowsHanded;
    }

    /** A row of this message is committed, or parked in the dead-letter queue. */
    public synchronized Settled rowDone() {
        rowsOpen--;
        return settleIfDone();
    }

    /** The message went to the dead-letter queue. */
    public synchronized void parked() {
        parked = true;
    }

    /** Something that had to happen did not (a park that could not be made): the message stays in SQS. */
    public synchronized void keep() {
        kept = true;
    }

    /** Its exchange ended, having failed with an exception nobody handled or not. */
    public synchronized Settled ended(boolean withFailure) {
        ended = true;
        failed = withFailure;
        return settleIfDone();
    }

    /** Rows handed to batches so far. */
    public synchronized int rowsHanded() {
        return rowsHanded;
    }

    private Settled settleIfDone() {
        if (settled || !ended || failed || kept || rowsOpen > 0) {
            return Settled.NOT_YET;
        }
        settled = true;
        return rowsHanded == 0 && !parked ? Settled.DELETE_FILTERED : Settled.DELETE;
    }

    @Override
    public String toString() {
        return "SQS message " + sqsMessageId + " from " + queue;
    }
}

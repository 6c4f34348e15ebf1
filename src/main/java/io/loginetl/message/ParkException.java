package io.loginetl.message;

/**
 * Parks the message it is thrown for: the route's error handler sends it to the dead-letter queue with
 * this reason. The message names the rule and the field, never the value, so it is safe to log and to
 * put on the dead-letter queue.
 */
public class ParkException extends RuntimeException {

    private final Reason reason;

    public ParkException(Reason reason, String detail) {
        super(reason.code() + ": " + detail, null, false, false);
        this.reason = reason;
    }

    /**
     * For a route's {@code throwException}, which passes one string: the reason code, a colon and the
     * detail, e.g. {@code "too-many-receives: delivered more than 10 times"}. An unknown code parks
     * with reason {@code unknown}, the whole text kept as the detail.
     */
    public ParkException(String message) {
        this(Reason.ofCode(codeOf(message)), Reason.ofCode(codeOf(message)) == Reason.UNKNOWN
                ? message : message.substring(message.indexOf(':') + 1).strip());
    }

    private static String codeOf(String message) {
        int colon = message.indexOf(':');
        return colon < 0 ? "" : message.substring(0, colon).strip();
    }

    public Reason reason() {
        return reason;
    }
}

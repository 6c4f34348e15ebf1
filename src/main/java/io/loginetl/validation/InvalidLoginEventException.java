package io.loginetl.validation;

/**
 * A permanent failure: the message can never be loaded as it is. The message names the rule and the
 * field, never the value, so it is safe to log and to put on the dead-letter queue.
 */
public class InvalidLoginEventException extends RuntimeException {

    private final Rejection rejection;

    public InvalidLoginEventException(Rejection rejection, String detail) {
        super(rejection.code() + ": " + detail, null, false, false);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}

package io.loginetl.validation;

/** Thrown from the route when SQS has delivered a message more often than sqs.max-receives allows. */
public class TooManyReceivesException extends InvalidLoginEventException {

    public TooManyReceivesException(String detail) {
        super(Rejection.TOO_MANY_RECEIVES, detail);
    }
}

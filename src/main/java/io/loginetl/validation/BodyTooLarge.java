package io.loginetl.validation;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * Whether a message's body is over {@code maxBytes} bytes of UTF-8: the route's bound-body-size test,
 * declared as a bean in the route file with the limit it reads. A Predicate bean (the {@code ref}
 * language) because a bean-method expression copies the whole exchange on every message to call it.
 */
public final class BodyTooLarge implements Predicate {

    private long maxBytes = -1;

    public void setMaxBytes(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean matches(Exchange exchange) {
        if (maxBytes < 0) {
            throw new IllegalStateException("bodyTooLarge has no maxBytes: set it where the bean is declared");
        }
        return Utf8.longerThan(exchange.getMessage().getBody(String.class), maxBytes);
    }
}

package io.loginetl.validation;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BodyTooLargeTest {

    @Test
    void aBodyIsTooLargeWhenItsUtf8BytesExceedTheLimitNotItsChars() {
        BodyTooLarge tooLarge = new BodyTooLarge();
        tooLarge.setMaxBytes(10);
        assertFalse(tooLarge.matches(exchange("x".repeat(10))), "10 bytes is at the limit");
        assertTrue(tooLarge.matches(exchange("x".repeat(11))));
        assertTrue(tooLarge.matches(exchange("é".repeat(6))), "6 chars, 12 bytes of UTF-8");
        assertFalse(tooLarge.matches(exchange(null)), "no body is not too large");
    }

    @Test
    void aBeanDeclaredWithoutItsLimitFailsInsteadOfLettingEverythingThrough() {
        assertThrows(IllegalStateException.class, () -> new BodyTooLarge().matches(exchange("{}")));
        assertThrows(IllegalArgumentException.class, () -> new BodyTooLarge().setMaxBytes(-1));
    }

    private static Exchange exchange(String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body);
        return exchange;
    }
}

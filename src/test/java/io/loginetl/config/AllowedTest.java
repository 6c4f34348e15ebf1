package io.loginetl.config;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllowedTest {

    @Test
    void emptyIsRefusedUnlessTheLineAllowsIt() {
        Allowed number = Allowed.parse("a whole number from 1 to 64");
        assertEquals(Optional.of(""), number.refusal("", Map.of()));
        assertEquals(Optional.of(""), number.refusal(null, Map.of()), "a setting that is not there counts as empty");
        Allowed endpoint = Allowed.parse("an http(s) URL, or empty for real AWS");
        assertEquals(Optional.empty(), endpoint.refusal("", Map.of()));
        assertEquals(Optional.empty(), endpoint.refusal("  ", Map.of()), "blanks are empty");
        assertEquals(Optional.of(""), endpoint.refusal("garbage", Map.of()));
    }

    @Test
    void theNoteAfterOrEmptyIsForPeople() {
        Allowed allowed = Allowed.parse("a readable file, or empty to use mask.key");
        assertEquals("a readable file, or empty to use mask.key", allowed.text());
        assertThrows(IllegalArgumentException.class, () -> Allowed.parse("a readable file, or emptyish"));
    }

    @Test
    void aSecretIsNeverShown() {
        Allowed secret = Allowed.parse("a keyset from keygen, in base64 (secret), or empty");
        assertTrue(secret.secret());
        assertEquals("set to a secret value, not shown", secret.shown("not-a-key-hunter2"));
        assertEquals("empty", secret.shown(""), "that it is empty gives nothing away");
        assertFalse(Allowed.parse("any text").secret());
    }

    @Test
    void aValueIsShownOnOneLineAsItIs() {
        Allowed allowed = Allowed.parse("a whole number from 1 to 64");
        assertEquals("abc", allowed.shown("abc"));
        assertEquals("\" 4\"", allowed.shown(" 4"), "quoted when blanks would hide");
        assertEquals("\"4\\n5\"", allowed.shown("4\n5"), "a line break stays in the one line");
        assertEquals(203, allowed.shown("9".repeat(500)).length(), "a long value is cut short");
    }

    @Test
    void onlyAWholeNumberThatKeepsItsOwnBoundsIsANumberForOthers() {
        Allowed receivers = Allowed.parse("a whole number from 1 to 64");
        assertEquals(Optional.of(BigInteger.valueOf(4)), receivers.number("4"));
        assertEquals(Optional.empty(), receivers.number("0"));
        assertEquals(Optional.empty(), receivers.number("abc"));
        assertEquals(Optional.empty(), Allowed.parse("one of siv, hmac").number("siv"));
    }
}

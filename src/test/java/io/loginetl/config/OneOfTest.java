package io.loginetl.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OneOfTest {

    @Test
    void takesExactlyTheWordsAsWritten() {
        Rule rule = Rule.parse("one of siv, hmac");
        assertEquals(Optional.empty(), rule.refusal("siv", Map.of()));
        assertEquals(Optional.empty(), rule.refusal("hmac", Map.of()));
        assertEquals(Optional.of(""), rule.refusal("aes", Map.of()));
        assertEquals(Optional.of(""), rule.refusal("SIV", Map.of()));
        assertEquals(Optional.of(""), rule.refusal("siv ", Map.of()));
    }

    @Test
    void wordsAreLowerCaseSeparatedByCommas() {
        assertThrows(IllegalArgumentException.class, () -> Rule.parse("one of siv hmac"));
        assertThrows(IllegalArgumentException.class, () -> Rule.parse("one of Siv, hmac"));
    }
}

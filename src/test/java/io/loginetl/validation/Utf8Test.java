package io.loginetl.validation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Utf8Test {

    @ParameterizedTest
    @ValueSource(strings = {"", "ascii only", "d\u00e9j\u00e0 vu", "\u0416\u0436 \u4e2d\u6587", "emoji \ud83d\ude00 and \ud83d\udc4d\ud83c\udffd",
            "\u07ff\u0800\uffff", "mixed \u00e9\u4e2d\ud83d\ude00x"})
    void countsTheBytesThatEncodingWouldGive(String text) {
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8.length(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "\u00e9", "\u4e2d", "\ud83d\ude00", "ab\u4e2d\u4e2d\u00e9\ud83d\ude00"})
    void longerThanAgreesWithTheEncodedLengthAtEveryLimit(String text) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        for (int max = 0; max <= bytes + 2; max++) {
            assertEquals(bytes > max, Utf8.longerThan(text, max), "limit " + max);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {65535, 65536, 65537})
    void aBodyIsOverTheLimitByBytesNotChars(int limit) {
        String body = "\u00e9".repeat(32768); // 32,768 chars, 65,536 bytes
        assertEquals(65536 > limit, Utf8.longerThan(body, limit));
    }
}

package io.loginetl.tools;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoOptionsTest {

    @Test
    void aThousandMessagesQuietlyUnlessToldOtherwise() {
        assertEquals(new DemoOptions(1000, false), DemoOptions.parse(new String[0]));
        assertEquals(new DemoOptions(10, false), DemoOptions.parse(new String[] {"10"}));
        assertEquals(new DemoOptions(10, true), DemoOptions.parse(new String[] {"--verbose", "10"}));
        assertEquals(new DemoOptions(1000, true), DemoOptions.parse(new String[] {"-v"}));
        assertNull(DemoOptions.parse(new String[] {"10", "--help"}), "help is not a run");
    }

    @Test
    void aMistakeIsNamed() {
        assertMessage("must be a whole number of at least 1, not abc", "abc");
        assertMessage("must be a whole number of at least 1, not 0", "0");
        assertMessage("must be a whole number of at least 1, not -5", "-5");
        assertMessage("unknown option --verbos", "10", "--verbos");
        assertMessage("one number of messages, not 10 and 20", "10", "20");
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse(args));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("usage: demo [N] [--verbose]"), "says how to run it: " + e.getMessage());
    }
}

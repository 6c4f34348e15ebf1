package io.loginetl.tools;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqsServerOptionsTest {

    @Test
    void withNoOptionsAFreePortAndThePipelinesDefaultQueue() {
        SqsServerOptions o = SqsServerOptions.parse(new String[0]);
        assertEquals(0, o.port(), "0: a free port");
        assertEquals(List.of("login-queue"), o.queues());
        assertNull(o.load());
        assertFalse(o.untilStdinCloses());
    }

    @Test
    void queuesComeRepeatedOrSeparatedByCommasInTheirOrder() {
        SqsServerOptions o = SqsServerOptions.parse(new String[] {"--queue", "in", "--queue", "in-dlq,other", "--queue", "in",
            "--port", "4566", "--load", "messages.jsonl", "--until-stdin-closes"});
        assertEquals(List.of("in", "in-dlq", "other"), o.queues(), "the first is the one loaded");
        assertEquals(4566, o.port());
        assertEquals(Path.of("messages.jsonl"), o.load());
        assertTrue(o.untilStdinCloses());
    }

    @Test
    void helpIsNotARun() {
        assertNull(SqsServerOptions.parse(new String[] {"--port", "4566", "--help"}));
    }

    @Test
    void aMistakeIsNamed() {
        assertMessage("unknown option --ports", "--ports", "4566");
        assertMessage("--port needs a value", "--port");
        assertMessage("--load needs a value", "--load", "--port", "1");
        assertMessage("--port must be a port number from 1 to 65535, not 70000", "--port", "70000");
        assertMessage("--port must be a port number from 1 to 65535, not x", "--port", "x");
        assertMessage("\"login queue\" is not a queue name", "--queue", "login queue");
        assertMessage("\"\" is not a queue name", "--queue", "in,");
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SqsServerOptions.parse(args));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}

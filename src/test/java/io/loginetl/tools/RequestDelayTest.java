package io.loginetl.tools;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestDelayTest {

    @Test
    void eachRequestOnAKeptAliveConnectionIsDelayedOnceHoweverManyReadsItTakes() {
        RequestDelay delay = new RequestDelay(10);
        assertEquals(10, delay.onClientBytes(), "headers of the first request");
        assertEquals(0, delay.onClientBytes(), "its body, read separately");
        delay.onServerBytes();
        delay.onServerBytes(); // a response in two reads
        assertEquals(10, delay.onClientBytes(), "the next request on the same connection");
        assertEquals(0, delay.onClientBytes());
    }

    @Test
    void noLatencyMeansNoDelay() {
        RequestDelay delay = new RequestDelay(0);
        assertEquals(0, delay.onClientBytes());
        delay.onServerBytes();
        assertEquals(0, delay.onClientBytes());
    }
}

package io.loginetl.message;

import org.junit.jupiter.api.Test;

import static io.loginetl.message.Delivery.Settled.DELETE;
import static io.loginetl.message.Delivery.Settled.DELETE_FILTERED;
import static io.loginetl.message.Delivery.Settled.NOT_YET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How a message is settled by the end of its exchange and of its rows. */
class DeliveryTest {

    private final Delivery delivery = new Delivery(null, "rh", "m-1", new Origin("m-1", null, Origin.Claim.NONE), "{}");

    @Test
    void aLoadedMessageIsDeletedOnlyOnceItsExchangeHasEndedAndItsRowIsCommitted() {
        delivery.rowHanded();
        assertEquals(NOT_YET, delivery.ended(false), "its row is still in a batch");
        assertEquals(DELETE, delivery.rowDone());
    }

    @Test
    void aRowCommittedBeforeItsExchangeEndsWaitsForTheExchange() {
        delivery.rowHanded();
        assertEquals(NOT_YET, delivery.rowDone(), "the exchange could still hand another row");
        assertEquals(DELETE, delivery.ended(false));
    }

    @Test
    void aMessageThatEndsWithoutARowIsFiltered() {
        assertEquals(DELETE_FILTERED, delivery.ended(false));
    }

    @Test
    void aParkedMessageIsDeletedNotCountedAsFiltered() {
        delivery.parked();
        assertEquals(DELETE, delivery.ended(false));
    }

    @Test
    void aFailedExchangeLeavesTheMessageInSqsEvenOnceItsRowsCommit() {
        delivery.rowHanded();
        assertEquals(NOT_YET, delivery.ended(true));
        assertEquals(NOT_YET, delivery.rowDone());
    }

    @Test
    void aParkThatCouldNotBeMadeKeepsTheMessage() {
        delivery.keep();
        assertEquals(NOT_YET, delivery.ended(false));
    }

    @Test
    void aRowThatIsNeverCommittedKeepsTheMessage() {
        delivery.rowHanded();
        delivery.rowHanded();
        delivery.rowDone();
        assertEquals(NOT_YET, delivery.ended(false), "one of its two rows is not committed");
    }

    @Test
    void aMessageIsSettledOnce() {
        assertEquals(DELETE_FILTERED, delivery.ended(false));
        assertEquals(NOT_YET, delivery.ended(false));
    }

    @Test
    void aRowHandedAfterTheMessageWasSettledIsRefused() {
        delivery.ended(false);
        assertThrows(IllegalStateException.class, delivery::rowHanded);
    }

    @Test
    void furtherRowsOfOneMessageGetNumberedLedgerKeys() {
        assertEquals("m-1", delivery.rowHanded());
        assertEquals("m-1/2", delivery.rowHanded());
    }
}

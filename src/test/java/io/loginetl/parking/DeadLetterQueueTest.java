package io.loginetl.parking;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.RuntimeCamelException;
import io.loginetl.message.ParkException;
import io.loginetl.message.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataIntegrityViolationException;

import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DeadLetterQueueTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The exception Jackson really throws for the body, as the route's unmarshal step would see it. */
    private static Exception parseFailure(String body) {
        return assertThrows(IOException.class, () -> JSON.readValue(body, LinkedHashMap.class));
    }

    @ParameterizedTest
    @EnumSource(value = Reason.class, names = {"MALFORMED_JSON", "NOT_AN_OBJECT", "TOO_MANY_RECEIVES",
            "REJECTED_BY_DATABASE"}, mode = EnumSource.Mode.EXCLUDE)
    void anInvalidEventIsRejectedForItsOwnReason(Reason rejection) {
        assertSame(rejection, DeadLetterQueue.reasonOf(new ParkException(rejection, "detail")));
    }

    @Test
    void tooManyReceivesIsItsOwnReason() {
        assertSame(Reason.TOO_MANY_RECEIVES,
                DeadLetterQueue.reasonOf(new ParkException("too-many-receives: delivered more than 5 times")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{", "{\"user_id\": }", "{\"a\": 1,}", "{'a': 1}", "\u0000", "{\"a\": tru}",
            "{\"user_id\": \"x\""})
    void bodiesThatAreNotJsonAreMalformedJson(String body) {
        Exception failure = parseFailure(body);
        assertInstanceOf(JsonParseException.class, failure);
        assertSame(Reason.MALFORMED_JSON, DeadLetterQueue.reasonOf(failure));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "[]", "1", "\"a string\"", "true", "[{\"user_id\": \"x\"}]"})
    void jsonThatIsNotAnObjectIsNotAnObject(String body) {
        Exception failure = parseFailure(body);
        assertInstanceOf(MismatchedInputException.class, failure);
        assertSame(Reason.NOT_AN_OBJECT, DeadLetterQueue.reasonOf(failure));
    }

    @Test
    void wrappedCausesAreFound() {
        Exception notJson = parseFailure("not json");
        Exception notAnObject = parseFailure("[1]");
        ParkException invalid = new ParkException(Reason.INVALID_IP, "ip is not an IP");

        assertSame(Reason.MALFORMED_JSON, DeadLetterQueue.reasonOf(new RuntimeCamelException(notJson)));
        assertSame(Reason.NOT_AN_OBJECT, DeadLetterQueue.reasonOf(new RuntimeCamelException(notAnObject)));
        assertSame(Reason.NOT_AN_OBJECT,
                DeadLetterQueue.reasonOf(new IllegalStateException(new RuntimeCamelException(notAnObject))));
        assertSame(Reason.INVALID_IP, DeadLetterQueue.reasonOf(new RuntimeException(invalid)));
        assertSame(Reason.INVALID_IP,
                DeadLetterQueue.reasonOf(new CamelExecutionException("failed", null, new RuntimeException(invalid))));
    }

    @Test
    void theOutermostRecognisedFailureWins() {
        SQLException sql = new SQLException("value too long", "22001");
        sql.initCause(parseFailure("[1]"));
        assertSame(Reason.REJECTED_BY_DATABASE, DeadLetterQueue.reasonOf(sql));
    }

    @Test
    void databaseFailuresAreRejectedByTheDatabase() {
        SQLException sql = new SQLException("ERROR: value too long for type character varying(256)", "22001");
        assertSame(Reason.REJECTED_BY_DATABASE, DeadLetterQueue.reasonOf(sql));
        assertSame(Reason.REJECTED_BY_DATABASE,
                DeadLetterQueue.reasonOf(new DataIntegrityViolationException("refused", sql)));
        assertSame(Reason.REJECTED_BY_DATABASE, DeadLetterQueue.reasonOf(new RuntimeCamelException(sql)));
    }

    @Test
    void anUnrecognisedOrMissingFailureIsParkedAsUnknownNotAsMalformedJson() {
        assertSame(Reason.UNKNOWN, DeadLetterQueue.reasonOf(null));
        assertSame(Reason.UNKNOWN, DeadLetterQueue.reasonOf(new IllegalStateException("?")));
    }
}

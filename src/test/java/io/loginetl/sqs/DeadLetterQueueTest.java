package io.loginetl.sqs;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.loginetl.validation.InvalidLoginEventException;
import io.loginetl.validation.Rejection;
import io.loginetl.validation.TooManyReceivesException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.RuntimeCamelException;
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
    @EnumSource(value = Rejection.class, names = {"MALFORMED_JSON", "NOT_AN_OBJECT", "TOO_MANY_RECEIVES",
            "REJECTED_BY_DATABASE"}, mode = EnumSource.Mode.EXCLUDE)
    void anInvalidEventIsRejectedForItsOwnReason(Rejection rejection) {
        assertSame(rejection, DeadLetterQueue.rejectionOf(new InvalidLoginEventException(rejection, "detail")));
    }

    @Test
    void everyRejectionCarriedByAnInvalidEventIsKept() {
        for (Rejection rejection : Rejection.values()) {
            assertSame(rejection, DeadLetterQueue.rejectionOf(new InvalidLoginEventException(rejection, "x")));
        }
    }

    @Test
    void tooManyReceivesIsItsOwnReason() {
        assertSame(Rejection.TOO_MANY_RECEIVES,
                DeadLetterQueue.rejectionOf(new TooManyReceivesException("delivered more than 5 times")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{", "{\"user_id\": }", "{\"a\": 1,}", "{'a': 1}", "\u0000", "{\"a\": tru}",
            "{\"user_id\": \"x\""})
    void bodiesThatAreNotJsonAreMalformedJson(String body) {
        Exception failure = parseFailure(body);
        assertInstanceOf(JsonParseException.class, failure);
        assertSame(Rejection.MALFORMED_JSON, DeadLetterQueue.rejectionOf(failure));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "[]", "1", "\"a string\"", "true", "[{\"user_id\": \"x\"}]"})
    void jsonThatIsNotAnObjectIsNotAnObject(String body) {
        Exception failure = parseFailure(body);
        assertInstanceOf(MismatchedInputException.class, failure);
        assertSame(Rejection.NOT_AN_OBJECT, DeadLetterQueue.rejectionOf(failure));
    }

    @Test
    void wrappedCausesAreFound() {
        Exception notJson = parseFailure("not json");
        Exception notAnObject = parseFailure("[1]");
        InvalidLoginEventException invalid = new InvalidLoginEventException(Rejection.INVALID_IP, "ip is not an IP");

        assertSame(Rejection.MALFORMED_JSON, DeadLetterQueue.rejectionOf(new RuntimeCamelException(notJson)));
        assertSame(Rejection.NOT_AN_OBJECT, DeadLetterQueue.rejectionOf(new RuntimeCamelException(notAnObject)));
        assertSame(Rejection.NOT_AN_OBJECT,
                DeadLetterQueue.rejectionOf(new IllegalStateException(new RuntimeCamelException(notAnObject))));
        assertSame(Rejection.INVALID_IP, DeadLetterQueue.rejectionOf(new RuntimeException(invalid)));
        assertSame(Rejection.INVALID_IP,
                DeadLetterQueue.rejectionOf(new CamelExecutionException("failed", null, new RuntimeException(invalid))));
    }

    @Test
    void theOutermostRecognisedFailureWins() {
        SQLException sql = new SQLException("value too long", "22001");
        sql.initCause(parseFailure("[1]"));
        assertSame(Rejection.REJECTED_BY_DATABASE, DeadLetterQueue.rejectionOf(sql));
    }

    @Test
    void databaseFailuresAreRejectedByTheDatabase() {
        SQLException sql = new SQLException("ERROR: value too long for type character varying(256)", "22001");
        assertSame(Rejection.REJECTED_BY_DATABASE, DeadLetterQueue.rejectionOf(sql));
        assertSame(Rejection.REJECTED_BY_DATABASE,
                DeadLetterQueue.rejectionOf(new DataIntegrityViolationException("refused", sql)));
        assertSame(Rejection.REJECTED_BY_DATABASE, DeadLetterQueue.rejectionOf(new RuntimeCamelException(sql)));
    }

    @Test
    void anUnrecognisedOrMissingFailureIsTreatedAsMalformedJson() {
        assertSame(Rejection.MALFORMED_JSON, DeadLetterQueue.rejectionOf(null));
        assertSame(Rejection.MALFORMED_JSON, DeadLetterQueue.rejectionOf(new IllegalStateException("?")));
    }
}

package io.loginetl.config;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WholeNumberTest {

    private static final Map<String, BigInteger> NONE = Map.of();

    @Test
    void aRangeTakesItsEndsAndRefusesWhatIsOutside() {
        Rule rule = Rule.parse("a whole number from 1 to 64");
        assertEquals(Optional.empty(), rule.refusal("1", NONE));
        assertEquals(Optional.empty(), rule.refusal("64", NONE));
        assertEquals(Optional.of(""), rule.refusal("0", NONE));
        assertEquals(Optional.of(""), rule.refusal("65", NONE));
        assertEquals(Optional.of(""), rule.refusal("-1", NONE));
    }

    @Test
    void onlyDigitsWithAnOptionalMinusAreAWholeNumber() {
        Rule rule = Rule.parse("a whole number, at least 0");
        assertEquals(Optional.empty(), rule.refusal("300", NONE));
        for (String notOne : new String[] {"abc", "4.0", "1_000", "1e3", " 4", "4 ", "0x10", "--1"}) {
            assertEquals(Optional.of(""), rule.refusal(notOne, NONE), notOne);
        }
    }

    @Test
    void nothingBeyondALongIsAWholeNumberThatAnyRuleAllows() {
        Rule rule = Rule.parse("a whole number, at least 1");
        assertEquals(Optional.empty(), rule.refusal(Long.toString(Long.MAX_VALUE), NONE));
        assertEquals(Optional.of(""), rule.refusal("9223372036854775808", NONE));
    }

    @Test
    void boundsOfOneSideEachHoldOnTheirOwn() {
        assertEquals(Optional.of(""), Rule.parse("a whole number, at least 43").refusal("42", NONE));
        assertEquals(Optional.empty(), Rule.parse("a whole number, at least 43").refusal("43", NONE));
        assertEquals(Optional.of(""), Rule.parse("a whole number, at most 10").refusal("11", NONE));
        assertEquals(Optional.of(""), Rule.parse("a whole number, above 10").refusal("10", NONE));
        assertEquals(Optional.empty(), Rule.parse("a whole number, above 10").refusal("11", NONE));
        assertEquals(Optional.of(""), Rule.parse("a whole number, below 10").refusal("10", NONE));
    }

    @Test
    void aBoundThatNamesSettingsIsWorkedOutFromTheirNumbersAndSaysSo() {
        Rule rule = Rule.parse("a whole number, at least batch.writers + sqs.receivers + 1, at most 1000");
        Map<String, BigInteger> numbers = Map.of("batch.writers", BigInteger.TWO, "sqs.receivers", BigInteger.valueOf(64));
        assertEquals(Set.of("batch.writers", "sqs.receivers"), rule.references());
        assertEquals(Optional.empty(), rule.refusal("67", numbers));
        assertEquals(Optional.of("with batch.writers 2 and sqs.receivers 64 that is at least 67"), rule.refusal("8", numbers));
        assertEquals(Optional.of(""), rule.refusal("1001", numbers), "a bound of numbers alone needs no working out");
    }

    @Test
    void aBoundWhoseSettingHasNoNumberIsLeftToThatSettingsOwnRefusal() {
        Rule rule = Rule.parse("a whole number from 1 to 3600, above db.statement-timeout-seconds");
        assertEquals(Optional.empty(), rule.refusal("20", NONE));
        assertEquals(Optional.of(""), rule.refusal("0", NONE), "its own range still holds");
    }

    @Test
    void linesItCannotReadAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Rule.parse("a whole number from 1"));
        assertThrows(IllegalArgumentException.class, () -> Rule.parse("a whole number between 1 and 2"));
        assertThrows(IllegalArgumentException.class, () -> Rule.parse("a whole number, at least some.key times 2"));
        assertThrows(IllegalArgumentException.class, () -> Rule.parse("a whole number, roughly 3"));
    }
}

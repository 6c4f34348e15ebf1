package io.loginetl.config;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What an allowed line says of a value that is set: a whole number in bounds, one of some words, or a kind of text. */
interface Rule {

    /**
     * Why {@code value} (not empty) is refused: empty when it is allowed, "" when the allowed line says it all, else
     * what to add (the bound another setting makes, worked out). {@code numbers} are the other settings' whole numbers,
     * for bounds that name them; a bound whose setting is not there (it is refused itself) is not applied.
     */
    Optional<String> refusal(String value, Map<String, BigInteger> numbers);

    /** The settings whose values bound this one. */
    default Set<String> references() {
        return Set.of();
    }

    /** The value as a one-line message may show it. */
    default String shown(String value) {
        return value;
    }

    static Rule parse(String text) {
        if (text.startsWith(WholeNumber.PHRASE)) {
            return WholeNumber.parse(text);
        }
        if (text.startsWith(OneOf.PHRASE)) {
            return OneOf.parse(text);
        }
        return Kind.of(text);
    }
}

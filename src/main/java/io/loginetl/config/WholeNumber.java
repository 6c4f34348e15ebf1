package io.loginetl.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * "a whole number from 1 to 64", "a whole number, at least 43", "a whole number, at least batch.writers +
 * sqs.receivers + 1, at most 1000": digits with an optional minus sign (what Camel converts to a number; no spaces
 * around them, which it refuses), within a range and any number of bounds. Beyond a long, never.
 */
record WholeNumber(List<Bound> bounds) implements Rule {

    static final String PHRASE = "a whole number";
    private static final String FROM = " from ";
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    static WholeNumber parse(String text) {
        String rest = text.substring(PHRASE.length());
        List<Bound> bounds = new ArrayList<>();
        if (rest.startsWith(FROM)) {
            int end = rest.indexOf(", ");
            String[] range = (end < 0 ? rest.substring(FROM.length()) : rest.substring(FROM.length(), end)).split(" to ");
            if (range.length != 2) {
                throw new IllegalArgumentException("'" + text + "': a range is 'from A to B'");
            }
            bounds.add(Bound.parse("at least " + range[0]));
            bounds.add(Bound.parse("at most " + range[1]));
            rest = end < 0 ? "" : rest.substring(end);
        }
        if (!rest.isEmpty() && !rest.startsWith(", ")) {
            throw new IllegalArgumentException("'" + text + "': after 'a whole number' come 'from A to B' and bounds after ', '");
        }
        for (String bound : rest.isEmpty() ? new String[0] : rest.substring(2).split(", ")) {
            bounds.add(Bound.parse(bound));
        }
        return new WholeNumber(bounds);
    }

    /** The value as a number, if it is a whole number at all. */
    static Optional<BigInteger> number(String value) {
        if (!value.matches("-?[0-9]+")) {
            return Optional.empty();
        }
        BigInteger number = new BigInteger(value);
        return number.compareTo(LONG_MIN) < 0 || number.compareTo(LONG_MAX) > 0 ? Optional.empty() : Optional.of(number);
    }

    @Override
    public Optional<String> refusal(String value, Map<String, BigInteger> numbers) {
        Optional<BigInteger> number = number(value);
        if (number.isEmpty()) {
            return Optional.of("");
        }
        for (Bound bound : bounds) {
            Optional<String> broken = bound.refusal(number.get(), numbers);
            if (broken.isPresent()) {
                return broken;
            }
        }
        return Optional.empty();
    }

    @Override
    public Set<String> references() {
        Set<String> keys = new HashSet<>();
        bounds.forEach(bound -> keys.addAll(bound.references()));
        return keys;
    }
}

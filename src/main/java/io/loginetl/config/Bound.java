package io.loginetl.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * One bound of a whole number: "at least", "at most", "above" or "below" a sum of whole numbers and other settings,
 * as in "at least batch.writers + sqs.receivers + 1".
 */
record Bound(Comparison comparison, List<String> terms) {

    enum Comparison {
        AT_LEAST("at least"), AT_MOST("at most"), ABOVE("above"), BELOW("below");

        final String phrase;

        Comparison(String phrase) {
            this.phrase = phrase;
        }

        boolean holds(BigInteger value, BigInteger bound) {
            int order = value.compareTo(bound);
            return switch (this) {
                case AT_LEAST -> order >= 0;
                case AT_MOST -> order <= 0;
                case ABOVE -> order > 0;
                case BELOW -> order < 0;
            };
        }
    }

    private static final String NUMBER = "-?[0-9]+";
    private static final String KEY = "[a-z][a-z0-9-]*(\\.[a-z0-9-]+)+";

    static Bound parse(String text) {
        for (Comparison comparison : Comparison.values()) {
            if (text.startsWith(comparison.phrase + " ")) {
                List<String> terms = List.of(text.substring(comparison.phrase.length() + 1).split(" \\+ "));
                if (terms.stream().allMatch(term -> term.matches(NUMBER) || term.matches(KEY))) {
                    return new Bound(comparison, terms);
                }
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a bound: at least, at most, above or below, then whole"
                + " numbers and setting keys joined by ' + '");
    }

    Set<String> references() {
        return terms.stream().filter(term -> !term.matches(NUMBER)).collect(Collectors.toSet());
    }

    /**
     * Why the value breaks this bound: empty when it holds, or when a setting it names has no number here (that
     * setting is refused itself); "" for a bound of numbers alone, else the bound worked out from the settings.
     */
    Optional<String> refusal(BigInteger value, Map<String, BigInteger> numbers) {
        BigInteger bound = BigInteger.ZERO;
        List<String> settings = new ArrayList<>();
        for (String term : terms) {
            if (term.matches(NUMBER)) {
                bound = bound.add(new BigInteger(term));
            } else if (numbers.containsKey(term)) {
                bound = bound.add(numbers.get(term));
                settings.add(term + " " + numbers.get(term));
            } else {
                return Optional.empty();
            }
        }
        if (comparison.holds(value, bound)) {
            return Optional.empty();
        }
        if (settings.isEmpty()) {
            return Optional.of("");
        }
        StringJoiner with = new StringJoiner(" and ", "with ", "");
        settings.forEach(with::add);
        return Optional.of(with + " that is " + comparison.phrase + " " + bound);
    }
}

package io.loginetl.config;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** "one of siv, hmac": exactly one of the words, as written (the code that reads them compares them so). */
record OneOf(List<String> words) implements Rule {

    static final String PHRASE = "one of ";

    static OneOf parse(String text) {
        List<String> words = List.of(text.substring(PHRASE.length()).split(", "));
        if (words.stream().anyMatch(word -> !word.matches("[a-z0-9-]+"))) {
            throw new IllegalArgumentException("'" + text + "': the words of 'one of' are lower case letters, digits and -,"
                    + " separated by ', '");
        }
        return new OneOf(words);
    }

    @Override
    public Optional<String> refusal(String value, Map<String, BigInteger> numbers) {
        return words.contains(value) ? Optional.empty() : Optional.of("");
    }
}

package io.loginetl.config;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The values a setting may take, as the comment line directly above its key in application.properties states them
 * for people and for this check alike:
 * <pre>
 * # allowed: RULE[ (secret)][, or empty[ NOTE]]
 * </pre>
 * RULE is "a whole number" with an optional "from A to B" and bounds (see {@link WholeNumber}), "one of" some words
 * ({@link OneOf}), or the phrase of a {@link Kind}. "(secret)": the value is never shown. ", or empty": nothing (or
 * blanks) is allowed too; the NOTE after it says what empty means, for people.
 */
final class Allowed {

    static final String PREFIX = "# allowed: ";
    private static final String OR_EMPTY = ", or empty";
    private static final String SECRET = " (secret)";
    /** A value longer than this is cut short in a message, which stays one line. */
    private static final int SHOWN_LENGTH = 200;

    private final String text;
    private final Rule rule;
    private final boolean secret;
    private final boolean emptyAllowed;

    private Allowed(String text, Rule rule, boolean secret, boolean emptyAllowed) {
        this.text = text;
        this.rule = rule;
        this.secret = secret;
        this.emptyAllowed = emptyAllowed;
    }

    /** @param text what follows "# allowed: " */
    static Allowed parse(String text) {
        String rule = text;
        int orEmpty = text.indexOf(OR_EMPTY);
        if (orEmpty >= 0) {
            String note = text.substring(orEmpty + OR_EMPTY.length());
            if (!note.isEmpty() && !note.startsWith(" ")) {
                throw new IllegalArgumentException("'" + text + "': ', or empty' ends the rule, or a note follows it after a space");
            }
            rule = text.substring(0, orEmpty);
        }
        boolean secret = rule.endsWith(SECRET);
        if (secret) {
            rule = rule.substring(0, rule.length() - SECRET.length());
        }
        return new Allowed(text, Rule.parse(rule), secret, orEmpty >= 0);
    }

    /** What is allowed, as the line says it. */
    String text() {
        return text;
    }

    boolean secret() {
        return secret;
    }

    Set<String> references() {
        return rule.references();
    }

    /** The value as a whole number, when this rule is one and the value keeps its bounds of numbers alone. */
    Optional<BigInteger> number(String value) {
        return rule instanceof WholeNumber && rule.refusal(value, Map.of()).isEmpty() ? WholeNumber.number(value) : Optional.empty();
    }

    /**
     * Why the value is refused: empty when it is allowed, "" when the allowed line says it all, else the bound another
     * setting makes, worked out. A setting that is not there at all counts as empty.
     */
    Optional<String> refusal(String value, Map<String, BigInteger> numbers) {
        if (value == null || value.isBlank()) {
            return emptyAllowed ? Optional.empty() : Optional.of("");
        }
        return rule.refusal(value, numbers);
    }

    /** The value as one line may show it: never a secret, a URL without credentials, odd characters escaped. */
    String shown(String value) {
        if (value == null || value.isEmpty()) {
            return "empty";
        }
        if (secret) {
            return "set to a secret value, not shown";
        }
        String shown = rule.shown(value);
        if (shown.length() > SHOWN_LENGTH) {
            shown = shown.substring(0, SHOWN_LENGTH) + "...";
        }
        boolean plain = shown.equals(shown.strip()) && shown.chars().noneMatch(c -> c < ' ' || c == '"');
        return plain ? shown : '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                .replace("\r", "\\r").replace("\t", "\\t").replaceAll("\\p{Cntrl}", "?") + '"';
    }
}

package io.loginetl.config;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** The kinds of text a setting may hold, each named by the phrase its allowed line uses. */
enum Kind implements Rule {

    TRUE_OR_FALSE("true or false", value -> value.equals("true") || value.equals("false")),
    /** An SQS-compatible server: the AWS SDK needs a scheme and a host ("localhost:4566" is read as scheme localhost). */
    HTTP_URL("an http(s) URL", Kind::isHttpUrl, Redact::endpoint),
    /** Shown without its query string or user:password@, where a password can be. */
    POSTGRES_URL("a jdbc:postgresql URL", value -> value.startsWith("jdbc:postgresql:")
            && value.length() > "jdbc:postgresql:".length() && value.equals(value.strip()), Redact::jdbcUrl),
    AWS_REGION("an AWS region name, like us-east-1", value -> value.matches("[a-z]{2,}(-[a-z]+)+-[0-9]+")),
    /** Standard queues only: a FIFO queue (.fifo) needs a message group on every send, which parking does not set. */
    SQS_QUEUE_NAME("an SQS queue name: 1 to 80 letters, digits, - or _", value -> value.matches("[A-Za-z0-9_-]{1,80}")),
    READABLE_FILE("a readable file", Kind::isReadableFile),
    HOST("a host name or IP address", value -> value.matches("[A-Za-z0-9.:\\[\\]%_-]+")),
    JAVA_CLASS_NAMES("Java class names, comma-separated", value -> Arrays.stream(value.split(","))
            .allMatch(name -> name.strip().matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*"))),
    /** What keygen prints; whether it is a usable keyset is for the masking code to say, which can read one. */
    KEYSET("a keyset from keygen, in base64", Kind::isBase64),
    TEXT("any text", value -> !value.isBlank());

    final String phrase;
    private final Predicate<String> allows;
    private final UnaryOperator<String> shown;

    Kind(String phrase, Predicate<String> allows) {
        this(phrase, allows, UnaryOperator.identity());
    }

    Kind(String phrase, Predicate<String> allows, UnaryOperator<String> shown) {
        this.phrase = phrase;
        this.allows = allows;
        this.shown = shown;
    }

    static Kind of(String phrase) {
        return Arrays.stream(values()).filter(kind -> kind.phrase.equals(phrase)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + phrase + "' is not a rule the settings check knows"));
    }

    @Override
    public Optional<String> refusal(String value, Map<String, BigInteger> numbers) {
        return allows.test(value) ? Optional.empty() : Optional.of("");
    }

    @Override
    public String shown(String value) {
        return shown.apply(value);
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.getScheme() != null && (uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isReadableFile(String value) {
        try {
            Path file = Path.of(value);
            return value.equals(value.strip()) && Files.isRegularFile(file) && Files.isReadable(file);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static boolean isBase64(String value) {
        try {
            return Base64.getDecoder().decode(value.strip()).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

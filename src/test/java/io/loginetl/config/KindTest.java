package io.loginetl.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KindTest {

    private static boolean allows(String phrase, String value) {
        return Rule.parse(phrase).refusal(value, Map.of()).isEmpty();
    }

    @Test
    void eachKindIsNamedByItsPhrase() {
        Arrays.stream(Kind.values()).forEach(kind -> assertEquals(kind, Rule.parse(kind.phrase)));
        assertThrows(IllegalArgumentException.class, () -> Rule.parse("a nice value"));
    }

    @Test
    void trueOrFalse() {
        assertTrue(allows("true or false", "true"));
        assertTrue(allows("true or false", "false"));
        assertFalse(allows("true or false", "yes"));
        assertFalse(allows("true or false", " true"));
    }

    @Test
    void anHttpUrlHasASchemeAndAHost() {
        assertTrue(allows("an http(s) URL", "http://localhost:4566"));
        assertTrue(allows("an http(s) URL", "https://sqs.eu-west-1.amazonaws.com"));
        assertFalse(allows("an http(s) URL", "garbage"));
        assertFalse(allows("an http(s) URL", "localhost:4566"), "read as the scheme localhost");
        assertFalse(allows("an http(s) URL", "ftp://host"));
        assertFalse(allows("an http(s) URL", "http://x y"));
    }

    @Test
    void anHttpUrlIsShownWithoutCredentials() {
        assertEquals("http://localhost:4566", Rule.parse("an http(s) URL").shown("http://key:secret@localhost:4566?token=t"));
    }

    @Test
    void aPostgresUrlIsShownWithoutItsQueryOrCredentials() {
        Rule rule = Rule.parse("a jdbc:postgresql URL");
        assertTrue(allows("a jdbc:postgresql URL", "jdbc:postgresql://localhost:5432/postgres?reWriteBatchedInserts=true"));
        assertFalse(allows("a jdbc:postgresql URL", "jdbc:mysql://localhost/db"));
        assertFalse(allows("a jdbc:postgresql URL", "postgresql://localhost/db"));
        assertFalse(allows("a jdbc:postgresql URL", "jdbc:postgresql:"));
        assertEquals("jdbc:mysql://h/db", rule.shown("jdbc:mysql://u:hunter2@h/db?password=hunter2"));
    }

    @Test
    void anAwsRegionName() {
        for (String region : new String[] {"us-east-1", "eu-central-2", "us-gov-west-1", "ap-southeast-4"}) {
            assertTrue(allows("an AWS region name, like us-east-1", region), region);
        }
        assertFalse(allows("an AWS region name, like us-east-1", "US-EAST-1"));
        assertFalse(allows("an AWS region name, like us-east-1", "us-east"));
    }

    @Test
    void anSqsQueueNameOfAStandardQueue() {
        String phrase = "an SQS queue name: 1 to 80 letters, digits, - or _";
        assertTrue(allows(phrase, "login-queue_2"));
        assertTrue(allows(phrase, "q".repeat(80)));
        assertFalse(allows(phrase, "q".repeat(81)));
        assertFalse(allows(phrase, "login queue"));
        assertFalse(allows(phrase, "login-queue.fifo"));
        assertFalse(allows(phrase, "https://sqs.us-east-1.amazonaws.com/123456789012/login-queue"));
    }

    @Test
    void aReadableFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "x");
        assertTrue(allows("a readable file", file.toString()));
        assertFalse(allows("a readable file", dir.resolve("missing").toString()));
        assertFalse(allows("a readable file", dir.toString()), "a directory is not a file");
    }

    @Test
    void aHostNameOrIpAddress() {
        for (String host : new String[] {"127.0.0.1", "0.0.0.0", "localhost", "::1", "mgmt.internal"}) {
            assertTrue(allows("a host name or IP address", host), host);
        }
        assertFalse(allows("a host name or IP address", "http://localhost"));
        assertFalse(allows("a host name or IP address", "local host"));
    }

    @Test
    void javaClassNames() {
        assertTrue(allows("Java class names, comma-separated", "io.loginetl.support.SqsFaults"));
        assertTrue(allows("Java class names, comma-separated", "a.B, c.D$Inner"));
        assertFalse(allows("Java class names, comma-separated", "io.loginetl.support.SqsFaults;"));
        assertFalse(allows("Java class names, comma-separated", "1.A"));
    }

    @Test
    void aKeysetIsBase64() {
        String phrase = "a keyset from keygen, in base64";
        assertTrue(allows(phrase, Base64.getEncoder().encodeToString(new byte[] {8, 1, 18, 3})));
        assertFalse(allows(phrase, "not-a-key"));
    }

    @Test
    void anyTextIsAnythingButBlanks() {
        assertTrue(allows("any text", "postgres"));
        assertTrue(allows("any text", " with spaces "));
        assertFalse(allows("any text", "  "));
        assertEquals(Optional.of(""), Rule.parse("any text").refusal("", Map.of()));
    }
}

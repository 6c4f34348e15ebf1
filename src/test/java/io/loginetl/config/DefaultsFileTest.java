package io.loginetl.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DefaultsFileTest {

    @Test
    void eachKeyTakesTheAllowedLineDirectlyAboveIt() {
        DefaultsFile file = DefaultsFile.parse("""
                # Parallel receivers.
                # allowed: a whole number from 1 to 64
                sqs.receivers=4
                # No rule here.
                camel.main.name=login-etl
                """);
        assertEquals(List.of("sqs.receivers", "camel.main.name"), file.keys());
        assertEquals("a whole number from 1 to 64", file.allowed("sqs.receivers").orElseThrow().text());
        assertTrue(file.allowed("camel.main.name").isEmpty());
        assertEquals(List.of("sqs.receivers"), List.copyOf(file.annotated().keySet()));
    }

    @Test
    void aValueContinuedOnTheNextLinesIsOneKey() {
        DefaultsFile file = DefaultsFile.parse("""
                camel.jbang.dependencies=camel:sql,\\
                  # not a comment: the value goes on,\\
                  camel:jackson
                # allowed: true or false
                camel.metrics.enabled=true
                """);
        assertEquals(List.of("camel.jbang.dependencies", "camel.metrics.enabled"), file.keys());
    }

    @Test
    void aCommentedOutKeyIsNoKey() {
        assertFalse(DefaultsFile.parse("#camel.main.routes-include-pattern=file:routes/*.camel.yaml\n")
                .lists("camel.main.routes-include-pattern"));
    }

    @Test
    void anAllowedLineThatIsNotDirectlyAboveAKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DefaultsFile.parse("# allowed: true or false\n\na=true\n"));
        assertThrows(IllegalArgumentException.class, () -> DefaultsFile.parse("# allowed: true or false\n# why\na=true\n"));
        assertThrows(IllegalArgumentException.class, () -> DefaultsFile.parse("a=true\n# allowed: true or false\n"));
    }

    @Test
    void anAllowedLineItCannotReadIsRefusedWithItsLineAndKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DefaultsFile.parse("x=1\n# allowed: a nice value\nsqs.receivers=4\n"));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("sqs.receivers"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DefaultsFile.parse("# allowed:true or false\na=true\n"));
    }

    @Test
    void aKeySetTwiceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DefaultsFile.parse("a=1\na=2\n"));
    }
}

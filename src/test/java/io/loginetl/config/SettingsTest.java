package io.loginetl.config;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SettingsTest {

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty("sqs.receivers");
    }

    private static CamelContext contextOverTheJarsDefaults() {
        CamelContext context = new DefaultCamelContext(false);
        context.getPropertiesComponent().setLocation(Settings.locations(null));
        return context;
    }

    @Test
    void aListedKeyIsReadWithoutAFallbackFromTheDefaultsItsFileHolds() {
        Settings settings = Settings.check(contextOverTheJarsDefaults());
        assertEquals("login-queue", settings.text("sqs.queue"));
        assertEquals(45, settings.wholeNumber("ledger.retention-days"));
        assertEquals("", settings.text("mask.key"));
    }

    @Test
    void aKeyTheFileDoesNotListHasNoTypedGetterAndAListedOneNoFallback() {
        Settings settings = Settings.check(contextOverTheJarsDefaults());
        assertThrows(IllegalArgumentException.class, () -> settings.text("sqs.no-such-key"));
        assertThrows(IllegalArgumentException.class, () -> settings.text("camel.main.shutdown-timeout"));
        assertThrows(IllegalArgumentException.class, () -> settings.unlisted("sqs.queue", "elsewhere"));
        assertEquals("3", settings.unlisted("camel.main.duration-max-idle-seconds", "3"));
    }

    @Test
    void aSystemPropertyIsCheckedBeforeAnythingReadsIt() {
        System.setProperty("sqs.receivers", "0");
        StartupException refused = assertThrows(StartupException.class, () -> Settings.check(contextOverTheJarsDefaults()));
        assertEquals("SQS_RECEIVERS (sqs.receivers) is 0: allowed a whole number from 1 to 64", refused.getMessage());
        System.setProperty("sqs.receivers", "8");
        assertThrows(StartupException.class, () -> Settings.check(contextOverTheJarsDefaults()), "8 receivers need a bigger pool");
    }

    @Test
    void theRulesAreTheJarsWhateverACopyInTheWorkingDirectorySays(@TempDir Path dir) throws Exception {
        Path copy = Files.writeString(dir.resolve("application.properties"), "# allowed: a whole number from 100 to 200\nsqs.receivers=150\n");
        CamelContext context = new DefaultCamelContext(false);
        context.getPropertiesComponent().setLocation("file:" + copy + ";optional=true,classpath:application.properties");
        assertEquals("a whole number from 1 to 64", DefaultsFile.find(context).allowed("sqs.receivers").orElseThrow().text());
    }

    @Test
    void underCamelRunTheFileGivenIsTheDefaults(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), "# allowed: a whole number from 100 to 200\nsqs.receivers=150\n");
        CamelContext context = new DefaultCamelContext(false);
        context.getPropertiesComponent().setLocation("file:" + file);
        assertEquals("a whole number from 100 to 200", DefaultsFile.find(context).allowed("sqs.receivers").orElseThrow().text());
    }

    @Test
    void withoutAnApplicationPropertiesThereIsNothingToCheckAgainstAndTheStartStops() {
        CamelContext context = new DefaultCamelContext(false);
        context.getPropertiesComponent().setLocation("classpath:no-such.properties;optional=true");
        assertThrows(StartupException.class, () -> Settings.check(context));
    }
}

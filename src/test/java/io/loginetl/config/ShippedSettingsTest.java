package io.loginetl.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application.properties the jar carries: the home of every default, and of what each setting allows. */
class ShippedSettingsTest {

    private static final Path FILE = Path.of(DefaultsFile.NAME);
    private static final DefaultsFile SHIPPED;
    private static final Properties DEFAULTS = new Properties();

    static {
        try (Reader in = Files.newBufferedReader(FILE)) {
            SHIPPED = DefaultsFile.parse(Files.readString(FILE));
            DEFAULTS.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The defaults, with the given settings changed. */
    private static List<BadSetting> check(Map<String, String> changed) {
        return SettingsCheck.badSettings(SHIPPED, key -> List.of(new SettingValue(changed.getOrDefault(key, DEFAULTS.getProperty(key)),
                SettingValue.environmentVariableOf(key))));
    }

    @Test
    void theCheckReadsTheSameKeysAsJava() {
        assertEquals(DEFAULTS.stringPropertyNames(), Set.copyOf(SHIPPED.keys()));
    }

    @Test
    void everyKeyOfLoginEtlHasAnAllowedLine() {
        List<String> without = SHIPPED.keys().stream()
                .filter(key -> !CamelMainValues.isCamelOption(key) && SHIPPED.allowed(key).isEmpty()).toList();
        assertEquals(List.of(), without, "add '# allowed: ...' directly above each of these keys");
    }

    @Test
    void theCamelOptionsOperatorsSetHaveAnAllowedLine() {
        // Not camel.management.port: the file leaves it unset (LoginEtl gives java -jar 9876), so that
        // `camel run --management-port` is not overridden; Camel checks it when it binds the port.
        for (String key : List.of("camel.main.shutdown-timeout", "camel.management.host",
                "camel.health.exposure-level", "camel.management.enabled")) {
            assertTrue(SHIPPED.allowed(key).isPresent(), key);
        }
    }

    @Test
    void everyDefaultIsAllowed() {
        assertEquals(List.of(), check(Map.of()).stream().map(BadSetting::line).toList());
    }

    @Test
    void aBoundNamesOnlyWholeNumbersOfLoginEtl() {
        List<String> wrong = new ArrayList<>();
        SHIPPED.annotated().forEach((key, allowed) -> allowed.references().forEach(named -> {
            Optional<Allowed> other = SHIPPED.allowed(named);
            if (CamelMainValues.isCamelOption(named) || other.isEmpty() || other.get().number(DEFAULTS.getProperty(named)).isEmpty()) {
                wrong.add(key + " names " + named);
            }
        }));
        assertEquals(List.of(), wrong);
    }

    @Test
    void secretsAreMarkedSo() {
        for (String key : List.of("mask.key", "db.password")) {
            assertTrue(SHIPPED.allowed(key).orElseThrow().secret(), key);
        }
    }

    @Test
    void theBadSettingsOfTheIssueAreEachRefusedAlone() {
        Map<String, String> issue = Map.of("sqs.receivers", "0", "sqs.wait-time-seconds", "25", "sqs.max-body-bytes", "0",
                "sqs.visibility-timeout", "-1", "health.stall-seconds", "abc", "batch.size", "0", "sqs.endpoint", "garbage");
        issue.forEach((key, value) -> assertEquals(List.of(key), check(Map.of(key, value)).stream().map(BadSetting::key).toList(),
                key + "=" + value));
        assertEquals(List.of("batch.size"), check(Map.of("batch.size", "abc")).stream().map(BadSetting::key).toList());
    }

    @Test
    void theRulesBetweenSettingsHoldAtTheirEdges() {
        // Raising the receivers asks for a bigger pool: 2 writers + 5 receivers + 1 = 8 still fits the default pool
        assertEquals(List.of(), check(Map.of("sqs.receivers", "5")));
        assertEquals(List.of("db.pool.max-size"), check(Map.of("sqs.receivers", "6")).stream().map(BadSetting::key).toList());
        assertEquals(List.of(), check(Map.of("db.socket-timeout-seconds", "31")));
        assertEquals(List.of("db.socket-timeout-seconds"),
                check(Map.of("db.socket-timeout-seconds", "30")).stream().map(BadSetting::key).toList());
    }

    @Test
    void theRetentionAllowedIsTheOnePruneKeeps() {
        assertEquals(List.of(), check(Map.of("ledger.retention-days", Integer.toString(io.loginetl.db.Prune.MIN_RETENTION_DAYS))));
        assertEquals(List.of("ledger.retention-days"), check(Map.of("ledger.retention-days",
                Integer.toString(io.loginetl.db.Prune.MIN_RETENTION_DAYS - 1))).stream().map(BadSetting::key).toList());
    }
}

package io.loginetl.config;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SettingsCheckTest {

    private static final DefaultsFile DEFAULTS = DefaultsFile.parse("""
            # allowed: a whole number from 1 to 64
            sqs.receivers=4
            # allowed: a whole number from 0 to 20
            sqs.wait-time-seconds=5
            # allowed: a whole number, at least sqs.receivers + 3, at most 1000
            db.pool.max-size=8
            # allowed: a keyset from keygen, in base64 (secret), or empty when mask.key-file names one
            mask.key=
            # allowed: a whole number from 1 to 65535
            camel.management.port=9876
            camel.main.name=login-etl
            """);

    private final Map<String, String> values = new HashMap<>(Map.of("sqs.receivers", "4", "sqs.wait-time-seconds", "5",
            "db.pool.max-size", "8", "mask.key", "", "camel.management.port", "9876"));

    private void check() {
        SettingsCheck.check(DEFAULTS, key -> List.of(new SettingValue(values.get(key), SettingValue.environmentVariableOf(key))));
    }

    private String refusal() {
        return assertThrows(StartupException.class, this::check).getMessage();
    }

    @Test
    void aMisspeltKeyUnderALoginEtlPrefixStopsTheStartNamingIt() {
        StartupException refusal = assertThrows(StartupException.class,
                () -> SettingsCheck.checkKnown(DEFAULTS, List.of("sqs.receivers", "sqs.recievers", "db.pool.max-size")));
        assertEquals("sqs.recievers is not a login-etl setting (misspelt?): the settings are the keys of application.properties,"
                + " listed in the README's configuration table", refusal.getMessage());
    }

    @Test
    void keysOfOtherPrefixesAreSomeoneElses() {
        assertDoesNotThrow(() -> SettingsCheck.checkKnown(DEFAULTS, List.of("camel.main.no-such-option", "java.version",
                "user.dir", "sqs", "mask.key", "log4j2.level")));
    }

    @Test
    void allowedValuesPass() {
        assertDoesNotThrow(this::check);
    }

    @Test
    void aBadSettingIsOneLineNamingItsVariableKeyValueAndWhatIsAllowed() {
        values.put("sqs.receivers", "0");
        assertEquals("SQS_RECEIVERS (sqs.receivers) is 0: allowed a whole number from 1 to 64", refusal());
    }

    @Test
    void anEmptyValueIsSaidToBeEmpty() {
        values.put("sqs.wait-time-seconds", "");
        assertEquals("SQS_WAIT_TIME_SECONDS (sqs.wait-time-seconds) is empty: allowed a whole number from 0 to 20", refusal());
    }

    @Test
    void aBoundFromAnotherSettingIsWorkedOutInTheLine() {
        values.put("sqs.receivers", "64");
        assertEquals("DB_POOL_MAX_SIZE (db.pool.max-size) is 8: allowed a whole number, at least sqs.receivers + 3, at most 1000;"
                + " with sqs.receivers 64 that is at least 67", refusal());
    }

    @Test
    void aSettingThatBreaksItsOwnRuleBoundsNoOther() {
        values.put("sqs.receivers", "abc");
        assertEquals("SQS_RECEIVERS (sqs.receivers) is abc: allowed a whole number from 1 to 64", refusal());
    }

    @Test
    void theFirstBadSettingIsTheLineAndTheOthersAreNamedAfterIt() {
        values.put("sqs.wait-time-seconds", "25");
        values.put("camel.management.port", "0");
        values.put("sqs.receivers", "0");
        String line = refusal();
        assertEquals("SQS_RECEIVERS (sqs.receivers) is 0: allowed a whole number from 1 to 64;"
                + " also not allowed: SQS_WAIT_TIME_SECONDS (sqs.wait-time-seconds), camel.management.port", line);
        assertFalse(line.contains("\n"));
    }

    @Test
    void aSecretIsNamedAndNeverEchoed() {
        String key = "not-a-key-hunter2";
        values.put("mask.key", key);
        String line = refusal();
        assertEquals("MASK_KEY (mask.key) is set to a secret value, not shown: allowed a keyset from keygen, in base64 (secret),"
                + " or empty when mask.key-file names one", line);
        values.put("sqs.receivers", "0");
        assertFalse(refusal().contains(key), "nor when another setting comes first");
    }

    @Test
    void everyValueACamelOptionMayTakeIsChecked() {
        SettingValue fromFile = new SettingValue("9876", Optional.empty());
        SettingValue fromVariable = new SettingValue("abc", Optional.of("CAMEL_MANAGEMENT_PORT_NUMBER"));
        String line = assertThrows(StartupException.class, () -> SettingsCheck.check(DEFAULTS, key -> key.equals("camel.management.port")
                ? List.of(fromFile, fromVariable) : List.of(new SettingValue(values.get(key), Optional.empty())))).getMessage();
        assertEquals("CAMEL_MANAGEMENT_PORT_NUMBER (camel.management.port) is abc: allowed a whole number from 1 to 65535", line);
    }
}

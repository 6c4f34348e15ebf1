package io.loginetl.config;

import java.util.Locale;
import java.util.Optional;

/**
 * A value a setting is given, and the environment variable that sets it, to name in a message (none for a Camel
 * option Camel Main reads from no variable).
 */
record SettingValue(String value, Optional<String> environmentVariable) {

    /** The variable of a key: upper case, dots and dashes as underscores (SQS_QUEUE for sqs.queue). */
    static Optional<String> environmentVariableOf(String key) {
        String name = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        return CamelMainValues.isCamelOption(key) && CamelMainValues.ignoredVariable(name) ? Optional.empty() : Optional.of(name);
    }
}

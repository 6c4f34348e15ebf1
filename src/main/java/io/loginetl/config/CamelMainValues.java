package io.loginetl.config;

import org.apache.camel.spi.PropertiesComponent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The values Camel Main may give one of its own options (camel.*), which it does not resolve the way it resolves a
 * placeholder: it matches names regardless of case and dashes (camel.main.shutdownTimeout is
 * camel.main.shutdown-timeout), takes an environment variable with dots, dashes or neither as underscores
 * (CAMEL_MAIN_SHUTDOWN_TIMEOUT, CAMEL_MAIN_SHUTDOWNTIMEOUT) except those ending in _PORT or holding _PORT_ (it skips
 * them as Kubernetes service variables), and which of two spellings wins depends on the spellings. So every value
 * that may apply is checked, each a candidate: the files' (and Camel's initial and override properties'), every
 * matching variable's, every matching -D property's.
 */
final class CamelMainValues {

    private CamelMainValues() {
    }

    static boolean isCamelOption(String key) {
        return key.startsWith("camel.");
    }

    /** Camel Main's skip of Kubernetes service variables (MainHelper.loadEnvironmentVariablesAsProperties). */
    static boolean ignoredVariable(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.endsWith("_SERVICE_HOST") || upper.endsWith("_SERVICE_PORT") || upper.endsWith("_PORT") || upper.contains("_PORT_");
    }

    static List<SettingValue> of(String key, PropertiesComponent properties, Map<String, String> environment, Properties system) {
        String option = relaxed(key);
        Optional<String> variable = SettingValue.environmentVariableOf(key);
        List<SettingValue> values = new ArrayList<>();
        Properties files = properties.loadProperties(name -> relaxed(name).equals(option));
        files.stringPropertyNames().forEach(name -> values.add(new SettingValue(files.getProperty(name), variable)));
        environment.forEach((name, value) -> {
            if (relaxed(name).equals(option) && !ignoredVariable(name)) {
                values.add(new SettingValue(value, Optional.of(name)));
            }
        });
        system.stringPropertyNames().stream().filter(name -> relaxed(name).equals(option))
                .forEach(name -> values.add(new SettingValue(system.getProperty(name), variable)));
        return values;
    }

    /** A name as Camel Main compares it: case, dots, dashes and underscores aside. */
    private static String relaxed(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}

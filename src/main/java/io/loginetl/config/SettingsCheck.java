package io.loginetl.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every setting application.properties gives an allowed line, checked at once against it, before anything is
 * received: a bad one stops the start with one line that names it, what it is and what is allowed.
 */
final class SettingsCheck {

    private SettingsCheck() {
    }

    /** @throws StartupException naming the first bad setting in the order of the file, and the others after it */
    static void check(DefaultsFile defaults, Function<String, List<SettingValue>> values) {
        List<BadSetting> bad = badSettings(defaults, values);
        if (!bad.isEmpty()) {
            String others = bad.stream().skip(1).map(BadSetting::name).distinct().collect(Collectors.joining(", "));
            throw new StartupException(bad.get(0).line() + (others.isEmpty() ? "" : "; also not allowed: " + others));
        }
    }

    /**
     * A key under one of login-etl's prefixes (sqs., db., ...) that application.properties does not list: a misspelt
     * setting, whose value nothing reads while the default stays in force without a word. Keys of other prefixes are
     * someone else's (camel.*, the JVM's).
     *
     * @param given the keys set as -D properties and in the properties files
     * @throws StartupException naming the first such key
     */
    static void checkKnown(DefaultsFile defaults, Collection<String> given) {
        Set<String> prefixes = defaults.keys().stream().filter(key -> !CamelMainValues.isCamelOption(key))
                .map(SettingsCheck::prefix).collect(Collectors.toSet());
        given.stream().filter(key -> prefixes.contains(prefix(key)) && !defaults.lists(key)).sorted().findFirst().ifPresent(key -> {
            throw new StartupException(key + " is not a login-etl setting (misspelt?): the settings are the keys of"
                    + " application.properties, listed in the README's configuration table");
        });
    }

    private static String prefix(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? "" : key.substring(0, dot + 1);
    }

    /** The values that are not allowed, in the order of the file. */
    static List<BadSetting> badSettings(DefaultsFile defaults, Function<String, List<SettingValue>> values) {
        Map<String, Allowed> rules = defaults.annotated();
        Map<String, List<SettingValue>> given = new HashMap<>();
        rules.keySet().forEach(key -> given.put(key, values.apply(key)));
        // The whole numbers other settings' bounds may name: those of a setting with one value that keeps its own
        // bounds (a setting that breaks them is reported itself, and bounds no other)
        Map<String, BigInteger> numbers = new HashMap<>();
        rules.forEach((key, allowed) -> {
            if (given.get(key).size() == 1) {
                allowed.number(given.get(key).get(0).value()).ifPresent(number -> numbers.put(key, number));
            }
        });
        List<BadSetting> bad = new ArrayList<>();
        rules.forEach((key, allowed) -> {
            for (SettingValue value : given.get(key)) {
                Optional<String> refusal = allowed.refusal(value.value(), numbers);
                refusal.ifPresent(detail -> bad.add(new BadSetting(key, value.environmentVariable(), value.value(), allowed, detail)));
            }
        });
        return bad;
    }
}

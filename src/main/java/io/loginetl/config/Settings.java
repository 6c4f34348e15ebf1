package io.loginetl.config;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The application's settings, checked: every key application.properties lists, each against the allowed line above
 * it, before anything reads one ({@link SettingsCheck}). Read through Camel's own properties component over the very
 * locations Camel Main reads, so one key resolves the same everywhere: environment variable (SQS_QUEUE for
 * sqs.queue), then -D system property, then application.properties in the working directory, then the defaults
 * inside the jar. The jar always carries application.properties, the one home of every default: a key it lists is
 * read here without a fallback, and a key under one of its prefixes that it does not list stops the start (a typo).
 */
public final class Settings {

    /**
     * Camel's properties component takes a key from the first location that has it, so the working
     * directory's file comes first: it overrides the defaults inside the jar, key by key.
     */
    static final String PROPERTIES = "file:application.properties;optional=true,classpath:application.properties";

    /**
     * Where `java -jar` reads the routes from (CAMEL_MAIN_ROUTES_INCLUDE_PATTERN overrides it). Set on Camel Main
     * by LoginEtl, not in application.properties: `camel run` reads that file too, and a key there would override
     * the route files given on its command line.
     */
    public static final String ROUTES = "file:routes/*.camel.yaml";

    /**
     * The management port (health, metrics) under `java -jar`: Camel Main's own default is 8080. Set on Camel Main by
     * LoginEtl, as its lowest-ranking setting (camel.management.port in application.properties or -D overrides it),
     * not in application.properties, where it would override `camel run --management-port`.
     */
    public static final String MANAGEMENT_PORT = "9876";

    private final PropertiesComponent properties;
    private final DefaultsFile defaults;
    private final Map<String, String> environment;
    private final Properties system;

    Settings(PropertiesComponent properties, DefaultsFile defaults, Map<String, String> environment, Properties system) {
        this.properties = properties;
        this.defaults = defaults;
        this.environment = environment;
        this.system = system;
    }

    /**
     * The settings of the commands and of `java -jar` before Camel Main starts, in a context that is never started.
     *
     * @throws StartupException naming the first setting that is not allowed
     */
    public static Settings load() {
        CamelContext context = new DefaultCamelContext(false);
        context.getPropertiesComponent().setLocation(locations(profile()));
        return check(context);
    }

    /**
     * The settings of a Camel context, checked: what `camel run` has (it does not start through LoginEtl), and what
     * Camel Main has once its overrides and command-line properties are in.
     *
     * @throws StartupException naming the first setting that is not allowed
     */
    public static Settings check(CamelContext context) {
        Settings settings = new Settings(context.getPropertiesComponent(), DefaultsFile.find(context), System.getenv(),
                System.getProperties());
        SettingsCheck.check(settings.defaults, settings::values);
        Set<String> given = new HashSet<>(context.getPropertiesComponent().loadProperties().stringPropertyNames());
        given.addAll(settings.system.stringPropertyNames());
        SettingsCheck.checkKnown(settings.defaults, given);
        return settings;
    }

    /** The checked text of a key application.properties lists (login-etl's own, not camel.*), stripped. */
    public String text(String key) {
        if (!defaults.lists(key) || CamelMainValues.isCamelOption(key)) {
            throw new IllegalArgumentException(key + " is not a login-etl setting in application.properties");
        }
        return properties.resolveProperty(key).orElse("").strip();
    }

    /** The checked whole number of a key application.properties lists. */
    public int wholeNumber(String key) {
        return Integer.parseInt(text(key));
    }

    /**
     * A key application.properties does not list (a Camel Main option left to Camel's default, say), or the fallback:
     * its default lives with the caller. A listed key is read with {@link #text} or {@link #wholeNumber}.
     */
    public String unlisted(String key, String fallback) {
        if (defaults.lists(key)) {
            throw new IllegalArgumentException(key + " is in application.properties, with its default: read it with text()");
        }
        return properties.resolveProperty(key).map(String::strip).orElse(fallback);
    }

    public String dbPassword() {
        return Secrets.optional("db.password", text("db.password"), text("db.password-file"));
    }

    /** The values the key is given, each with the variable that sets it: one for our keys, any number for camel.* ones. */
    List<SettingValue> values(String key) {
        if (CamelMainValues.isCamelOption(key)) {
            return CamelMainValues.of(key, properties, environment, system);
        }
        Optional<String> value = properties.resolveProperty(key);
        return List.of(new SettingValue(value.orElse(""), SettingValue.environmentVariableOf(key)));
    }

    /** camel.main.profile (or CAMEL_MAIN_PROFILE), as Camel Main resolves it; null when none is set. */
    public static String profile() {
        String profile = System.getProperty("camel.main.profile", System.getenv("CAMEL_MAIN_PROFILE"));
        return profile == null || profile.isBlank() ? null : profile.strip();
    }

    /**
     * The property locations, for Camel Main and for {@link #load()} alike. With a profile,
     * application-PROFILE.properties (working directory, then jar) overrides application.properties.
     * Camel Main alone reads it from the classpath only; it adds it itself unless the locations already
     * name it, as these do.
     */
    public static String locations(String profile) {
        if (profile == null) {
            return PROPERTIES;
        }
        String file = "application-" + profile + ".properties";
        return "file:" + file + ";optional=true,classpath:" + file + ";optional=true," + PROPERTIES;
    }
}

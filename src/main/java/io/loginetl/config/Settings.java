package io.loginetl.config;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The application's settings for the commands that run without the pipeline (keygen, unmask, rekey,
 * redrive, demo): Camel's own properties component over the very locations Camel Main reads, so one key
 * resolves the same everywhere: -D system property, then environment variable (SQS_QUEUE for sqs.queue),
 * then application.properties in the working directory, then the defaults inside the jar.
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

    private Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    /** Reads nothing yet: the component loads the locations on first use (a context that is never started). */
    public static Settings load() {
        CamelContext context = new DefaultCamelContext(false);
        context.getPropertiesComponent().setLocation(locations(profile()));
        return new Settings(context.getPropertiesComponent());
    }

    public String get(String key, String fallback) {
        return properties.resolveProperty(key).map(String::strip).orElse(fallback);
    }

    public String maskKey() {
        return Secrets.required("mask.key", get("mask.key", ""), get("mask.key-file", ""),
                "MASK_KEY is not set: create one with `java -jar login-etl.jar keygen` and set MASK_KEY (or mask.key-file)");
    }

    public String dbPassword() {
        return Secrets.optional("db.password", get("db.password", ""), get("db.password-file", ""));
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

package io.loginetl;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * The application's settings for the commands that run without Camel (keygen, unmask, redrive):
 * resolved like Camel Main resolves them, so one key means the same everywhere. Later wins:
 * application.properties in the jar, then in the working directory, then the environment variable
 * (SQS_QUEUE for sqs.queue), then the -D system property.
 */
public final class Settings {

    private final Properties properties;

    private Settings(Properties properties) {
        this.properties = properties;
    }

    public static Settings load() {
        Properties properties = new Properties();
        try (InputStream in = Settings.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                properties.load(in);
            }
            Path local = Path.of("application.properties");
            if (Files.isReadable(local)) {
                try (Reader reader = Files.newBufferedReader(local)) {
                    properties.load(reader);
                }
            }
        } catch (IOException e) {
            throw new StartupException("cannot read application.properties: " + e.getMessage());
        }
        return new Settings(properties);
    }

    public String get(String key, String fallback) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(envName(key));
        }
        if (value == null) {
            value = properties.getProperty(key);
        }
        return value == null ? fallback : value.strip();
    }

    public int getInt(String key, int fallback) {
        return Integer.parseInt(get(key, Integer.toString(fallback)));
    }

    public String maskKey() {
        return Secrets.required("mask.key", get("mask.key", ""), get("mask.key-file", ""),
                "MASK_KEY is not set: create one with `java -jar login-etl.jar keygen` and set MASK_KEY (or mask.key-file)");
    }

    /** sqs.visibility-timeout → SQS_VISIBILITY_TIMEOUT, as Camel maps them. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}

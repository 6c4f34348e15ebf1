package io.loginetl.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Secrets come from a property (or its env var) or from a file, the Docker/Kubernetes way. */
public final class Secrets {

    private Secrets() {
    }

    /** The secret, from the file when one is named, else the value; fails with {@code missingMessage}. */
    public static String required(String key, String value, String file, String missingMessage) {
        String secret = optional(key, value, file);
        if (secret.isBlank()) {
            throw new StartupException(missingMessage);
        }
        return secret;
    }

    public static String optional(String key, String value, String file) {
        if (file != null && !file.isBlank()) {
            try {
                return Files.readString(Path.of(file.strip())).strip();
            } catch (IOException e) {
                throw new StartupException(key + "-file names a file that cannot be read: " + file.strip());
            }
        }
        return value == null ? "" : value.strip();
    }
}

package io.loginetl.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The project's route files (YAML and SQL), as a user has them next to the jar. */
public final class RouteFiles {

    public static final String LOGIN_EVENTS = "routes/login-events.camel.yaml";
    public static final String INSERT = "routes/insert-user-logins.sql";

    private RouteFiles() {
    }

    /** Copies every file of the project's routes/ into dir/routes/. */
    public static void copyTo(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve("routes").resolve(file.getFileName()));
            }
        }
    }
}

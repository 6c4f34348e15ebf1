package io.loginetl.support;

import java.nio.file.Path;

/** Files of the project the tests read as users have them. */
public final class ProjectFiles {

    public static final Path BASEDIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    public static final Path COMPOSE_FILE = BASEDIR.resolve("docker-compose.yml");
    /** The LocalStack ready hook that creates and fills login-queue. */
    public static final Path INIT_HOOK = BASEDIR.resolve("docker/localstack/init-login-queue.sh");
    /** The real 100-message sample, one body per line: what the init hook sends. */
    public static final Path SAMPLE = BASEDIR.resolve("src/test/resources/sample_messages.jsonl");

    private ProjectFiles() {
    }
}

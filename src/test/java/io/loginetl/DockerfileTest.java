package io.loginetl;

import io.loginetl.support.ProjectFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the image built from the Dockerfile promises: a JRE runtime, a non-root user, routes beside the jar. */
class DockerfileTest {

    private static final Path BASEDIR = ProjectFiles.BASEDIR;

    /** The runtime stage's instructions, one per line: continuations joined, comments dropped. */
    private static List<String> runtime;

    @BeforeAll
    static void read() throws IOException {
        List<String> instructions = Files.readString(BASEDIR.resolve("Dockerfile")).replace("\\\n", " ").lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> froms = instructions.stream().filter(i -> i.startsWith("FROM ")).toList();
        runtime = instructions.subList(instructions.lastIndexOf(froms.get(froms.size() - 1)), instructions.size());
    }

    @Test
    void runsAsNonRoot() {
        List<String> users = runtime.stream().filter(i -> i.startsWith("USER ")).toList();
        assertFalse(users.isEmpty(), "the runtime stage sets USER");
        String user = users.get(users.size() - 1).substring("USER ".length()).strip().split(":")[0];
        assertFalse(user.equals("root") || user.equals("0"), "runs as " + user);
    }

    @Test
    void shipsRoutesAndPropertiesBesideTheJar() {
        assertTrue(runtime.contains("WORKDIR /app"), "working directory /app, where the jar looks for routes/");
        assertTrue(runtime.stream().anyMatch(i -> i.matches("COPY (\\./)?routes/? .*")), "routes copied: " + runtime);
        assertTrue(runtime.stream().anyMatch(i -> i.matches("COPY (\\./)?application\\.properties .*")), "properties copied: " + runtime);
        assertTrue(runtime.stream().anyMatch(i -> i.startsWith("COPY --from=") && i.contains("login-etl.jar")), "the jar from the build stage");
        assertTrue(runtime.stream().anyMatch(i -> i.startsWith("ENTRYPOINT ") && i.contains("/app/login-etl.jar")), "runs the jar");
        assertTrue(runtime.contains("EXPOSE 9876"), "management port exposed");
    }

    /** The default binds loopback; in a container that would hide the port from probes and published ports. */
    @Test
    void managementPortListensOnTheContainersInterfaces() {
        assertTrue(runtime.contains("ENV CAMEL_MANAGEMENT_HOST=0.0.0.0"), "runtime stage: " + runtime);
    }

    @Test
    void dockerignoreKeepsWhatTheBuildNeeds() throws IOException {
        List<String> patterns = Files.readAllLines(BASEDIR.resolve(".dockerignore")).stream().map(String::strip)
                .filter(p -> !p.isEmpty() && !p.startsWith("#") && !p.startsWith("!")).toList();
        for (String pattern : patterns) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.replaceAll("^/+|/+$", ""));
            for (String needed : List.of("pom.xml", "application.properties", "src/main/java/io/loginetl/LoginEtl.java",
                    "src/test/java/io/loginetl/LoginEtl.java", "routes/login-events.camel.yaml")) {
                // A pattern that matches a directory excludes everything under it
                for (Path p = Path.of(needed); p != null; p = p.getParent()) {
                    assertFalse(matcher.matches(p), ".dockerignore pattern '" + pattern + "' excludes " + needed);
                }
            }
        }
        assertTrue(patterns.stream().anyMatch(p -> p.matches("/?target/?")), "target/ stays out of the context");
    }
}

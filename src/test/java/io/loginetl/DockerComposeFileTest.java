package io.loginetl;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What users of docker-compose.yml and the Dockerfile depend on, checked without a Docker engine;
 * where the `docker compose` CLI exists, it must accept the file too.
 */
class DockerComposeFileTest {

    private static final Path BASEDIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private static final Path COMPOSE_FILE = BASEDIR.resolve("docker-compose.yml");
    private static final Path DOCKERFILE = BASEDIR.resolve("Dockerfile");

    private static Map<String, Object> services;
    private static List<String> dockerfile;

    @BeforeAll
    static void parse() throws IOException {
        Object document = new Load(LoadSettings.builder().setLabel("docker-compose.yml").build())
                .loadFromString(Files.readString(COMPOSE_FILE));
        services = map(map(document, "docker-compose.yml").get("services"), "services");
        dockerfile = instructions(Files.readAllLines(DOCKERFILE));
    }

    // ---- docker-compose.yml -----------------------------------------------------------------------

    @Test
    void hasTheThreeServices() {
        assertTrue(services.keySet().containsAll(List.of("localstack", "postgres", "login-etl")),
                "services: " + services.keySet());
    }

    @Test
    void usesTheTakeHomeImages() {
        assertImage("localstack", "fetchdocker/data-takehome-localstack");
        assertImage("postgres", "fetchdocker/data-takehome-postgres");
    }

    @Test
    void loginEtlIsBuiltFromTheDockerfile() {
        Object build = service("login-etl").get("build");
        assertNotNull(build, "login-etl has a build section");
        String context;
        String file = "Dockerfile";
        if (build instanceof String path) {
            context = path;
        } else {
            Map<String, Object> section = map(build, "login-etl.build");
            context = String.valueOf(section.getOrDefault("context", "."));
            file = String.valueOf(section.getOrDefault("dockerfile", "Dockerfile"));
        }
        assertEquals(BASEDIR.normalize(), BASEDIR.resolve(context).normalize(), "build context is the project");
        assertEquals(DOCKERFILE, BASEDIR.resolve(context).resolve(file).normalize(), "built from ./Dockerfile");
    }

    @Test
    void loginEtlWaitsForHealthyLocalStackAndPostgres() {
        Map<String, Object> dependsOn = map(service("login-etl").get("depends_on"), "login-etl.depends_on");
        for (String dependency : List.of("localstack", "postgres")) {
            Map<String, Object> condition = map(dependsOn.get(dependency), "depends_on." + dependency);
            assertEquals("service_healthy", condition.get("condition"), dependency + " must be healthy first");
        }
    }

    @Test
    void localStackAndPostgresHaveHealthChecks() {
        assertTrue(healthCheck("localstack").contains("login-queue"),
                "localstack is healthy only once login-queue exists: " + healthCheck("localstack"));
        assertTrue(healthCheck("postgres").contains("pg_isready"), "postgres: " + healthCheck("postgres"));
    }

    @Test
    void loginEtlHasAHealthCheckOnTheManagementPort() {
        String check = healthCheck("login-etl");
        assertTrue(check.contains(":9876/observe/health"), check);
        String tool = check.startsWith("CMD ") ? check.split(" ")[1] : "";
        if (!tool.isEmpty()) {
            assertTrue(dockerfile.stream().anyMatch(i -> i.startsWith("RUN ") && i.contains("install") && i.contains(tool)),
                    "the image installs " + tool + ", which the health check runs");
        }
        assertTrue(ports("login-etl").contains("9876:9876"), "management port published: " + ports("login-etl"));
    }

    @Test
    void maskKeyIsRequired() {
        String maskKey = environment("login-etl").get("MASK_KEY");
        assertNotNull(maskKey, "MASK_KEY is passed to login-etl");
        assertTrue(maskKey.matches("\\$\\{MASK_KEY:?\\?.+}"), "compose must refuse to start without MASK_KEY: " + maskKey);
    }

    @Test
    void loginEtlTalksToTheComposeServices() {
        Map<String, String> env = environment("login-etl");
        assertEquals("http://localstack:4566", env.get("SQS_ENDPOINT"));
        assertTrue(ports("localstack").stream().anyMatch(p -> p.endsWith(":4566") || p.equals("4566")), "LocalStack serves 4566");
        assertTrue(env.get("DB_URL").startsWith("jdbc:postgresql://postgres:5432/"), env.get("DB_URL"));
        assertNotNull(env.get("DB_USER"));
        assertNotNull(env.get("DB_PASSWORD"));
    }

    @Test
    void drainModeIsOptionalAndNeverEmpty() {
        // Camel Main reads CAMEL_MAIN_DURATIONMAXIDLESECONDS as camel.main.duration-max-idle-seconds and
        // refuses to start on an empty value, so an unset DRAIN_IDLE_SECONDS must become a number (0: never).
        String drain = environment("login-etl").get("CAMEL_MAIN_DURATIONMAXIDLESECONDS");
        assertNotNull(drain, "drain mode can be switched on");
        assertTrue(drain.matches("\\$\\{DRAIN_IDLE_SECONDS:-\\d+}"), drain);
    }

    @Test
    void loginEtlRestartsOnFailureAndStopsGracefully() throws IOException {
        assertEquals("on-failure", service("login-etl").get("restart"));
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(BASEDIR.resolve("application.properties"))) {
            properties.load(reader);
        }
        Duration shutdown = Duration.ofSeconds(Long.parseLong(properties.getProperty("camel.main.shutdown-timeout", "45").strip()));
        Duration grace = duration(String.valueOf(service("login-etl").getOrDefault("stop_grace_period", "10s")));
        assertTrue(grace.compareTo(shutdown) > 0,
                "stop_grace_period " + grace + " must exceed camel.main.shutdown-timeout " + shutdown + ", or docker kills in-flight batches");
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        Assumptions.assumeTrue(run(Map.of(), "docker", "compose", "version").exitCode() == 0,
                "`docker compose` is not available here");

        Result valid = run(Map.of("MASK_KEY", "test-key"), "docker", "compose", "-f", COMPOSE_FILE.toString(), "config", "-q");
        assertEquals(0, valid.exitCode(), valid.output());

        if (!Files.exists(BASEDIR.resolve(".env"))) {
            Result noKey = run(Map.of(), "docker", "compose", "-f", COMPOSE_FILE.toString(), "config", "-q");
            assertNotEquals(0, noKey.exitCode(), "compose must refuse a run without MASK_KEY");
            assertTrue(noKey.output().contains("MASK_KEY"), noKey.output());
        }
    }

    // ---- Dockerfile ----------------------------------------------------------------------------------

    @Test
    void dockerfileIsMultiStage() {
        List<String> froms = dockerfile.stream().filter(i -> i.startsWith("FROM ")).toList();
        assertTrue(froms.size() >= 2, "a build stage and a runtime stage: " + froms);
        assertTrue(froms.get(0).contains("maven:"), froms.get(0));
        assertTrue(froms.get(froms.size() - 1).contains("eclipse-temurin:17-jre"), "slim JRE runtime: " + froms);
    }

    @Test
    void dockerfileRunsAsNonRoot() {
        List<String> runtime = runtimeStage();
        List<String> users = runtime.stream().filter(i -> i.startsWith("USER ")).toList();
        assertFalse(users.isEmpty(), "the runtime stage sets USER");
        String user = users.get(users.size() - 1).substring("USER ".length()).strip().split(":")[0];
        assertFalse(user.equals("root") || user.equals("0"), "runs as " + user);
    }

    @Test
    void dockerfileShipsRoutesAndPropertiesBesideTheJar() {
        List<String> runtime = runtimeStage();
        assertTrue(runtime.contains("WORKDIR /app"), "working directory /app, where the jar looks for routes/");
        assertTrue(copies(runtime, "routes"), "COPY routes/ into the image: " + runtime);
        assertTrue(copies(runtime, "application.properties"), "COPY application.properties into the image: " + runtime);
        assertTrue(runtime.stream().anyMatch(i -> i.startsWith("COPY --from=") && i.contains("login-etl.jar")), "the jar from the build stage");
        assertTrue(runtime.contains("EXPOSE 9876"), "management port exposed");
        assertTrue(runtime.stream().anyMatch(i -> i.startsWith("ENTRYPOINT ") && i.contains("/app/login-etl.jar")), "runs the jar");
    }

    @Test
    void dockerignoreKeepsWhatTheBuildNeeds() throws IOException {
        Path ignore = BASEDIR.resolve(".dockerignore");
        Assumptions.assumeTrue(Files.exists(ignore), "no .dockerignore");
        List<String> needed = List.of("pom.xml", "application.properties", "src", "src/main/java/io/loginetl/LoginEtl.java",
                "src/test/java", "routes", "routes/login-events.camel.yaml");
        for (String line : Files.readAllLines(ignore)) {
            String pattern = line.strip();
            if (pattern.isEmpty() || pattern.startsWith("#") || pattern.startsWith("!")) {
                continue;
            }
            pattern = pattern.replaceAll("^/+", "").replaceAll("/+$", "");
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            for (String path : needed) {
                // A pattern that matches a directory excludes everything under it.
                for (Path p = Path.of(path); p != null; p = p.getParent()) {
                    assertFalse(matcher.matches(p), ".dockerignore pattern '" + line + "' excludes " + path);
                }
            }
        }
        assertTrue(Files.readAllLines(ignore).stream().anyMatch(l -> l.strip().matches("/?target/?")), "target/ stays out of the context");
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static void assertImage(String service, String image) {
        Object actual = service(service).get("image");
        assertNotNull(actual, service + " has an image");
        assertTrue(String.valueOf(actual).matches(Pattern.quote(image) + "(:[\\w.-]+)?(@sha256:[0-9a-f]{64})?"),
                service + " runs " + image + ", not " + actual);
    }

    private static Map<String, Object> service(String name) {
        return map(services.get(name), "service " + name);
    }

    /** The health check's test as one string ("CMD-SHELL pg_isready ..."), failing if there is none. */
    private static String healthCheck(String service) {
        Map<String, Object> check = map(service(service).get("healthcheck"), service + ".healthcheck");
        assertNotEquals(Boolean.TRUE, check.get("disable"), service + " health check disabled");
        Object test = check.get("test");
        assertNotNull(test, service + ".healthcheck.test");
        String joined = test instanceof List<?> parts ? String.join(" ", parts.stream().map(String::valueOf).toList()) : "CMD-SHELL " + test;
        assertFalse(joined.startsWith("NONE"), service + " health check is NONE");
        return joined;
    }

    /** The environment as a map, whichever of the two compose syntaxes the file uses. */
    private static Map<String, String> environment(String service) {
        Object env = service(service).get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> result.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (env instanceof List<?> l) {
            for (Object entry : l) {
                String[] kv = String.valueOf(entry).split("=", 2);
                result.put(kv[0], kv.length > 1 ? kv[1] : null);
            }
        }
        return result;
    }

    /** Short-syntax port mappings ("9876:9876"); long-syntax ones are turned into the same form. */
    private static List<String> ports(String service) {
        List<String> result = new ArrayList<>();
        Object ports = service(service).get("ports");
        if (ports instanceof List<?> list) {
            for (Object port : list) {
                if (port instanceof Map<?, ?> m) {
                    result.add(m.get("published") + ":" + m.get("target"));
                } else {
                    result.add(String.valueOf(port).replaceAll("/tcp$", "").replaceAll("^(?:[\\d.]+:)?(\\d+:\\d+)$", "$1"));
                }
            }
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertInstanceOf(Map.class, value, what + " must be a mapping");
        return (Map<String, Object>) value;
    }

    /** Compose durations: 30s, 1m30s, 1500ms, or a bare number of seconds. */
    static Duration duration(String text) {
        String s = text.strip();
        if (s.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(s));
        }
        Matcher m = Pattern.compile("(\\d+)(ms|us|h|m|s)").matcher(s);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                case "ms" -> Duration.ofMillis(n);
                default -> Duration.ofNanos(n * 1000);
            });
            end = m.end();
        }
        assertEquals(s.length(), end, "not a compose duration: " + text);
        return total;
    }

    /** Dockerfile instructions, one per entry: continuations joined, comments and blank lines dropped. */
    private static List<String> instructions(List<String> lines) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1).strip() : line).append(' ');
            if (!continues) {
                String instruction = current.toString().strip().replaceAll("\\s+", " ");
                int space = instruction.indexOf(' ');
                result.add(space < 0 ? instruction.toUpperCase(Locale.ROOT)
                        : instruction.substring(0, space).toUpperCase(Locale.ROOT) + instruction.substring(space));
                current.setLength(0);
            }
        }
        return result;
    }

    private static List<String> runtimeStage() {
        int lastFrom = -1;
        for (int i = 0; i < dockerfile.size(); i++) {
            if (dockerfile.get(i).startsWith("FROM ")) {
                lastFrom = i;
            }
        }
        assertTrue(lastFrom >= 0, "the Dockerfile has a FROM");
        return dockerfile.subList(lastFrom, dockerfile.size());
    }

    /** A COPY from the build context (not from another stage) whose sources include {@code source}. */
    private static boolean copies(List<String> stage, String source) {
        for (String instruction : stage) {
            if (!instruction.startsWith("COPY ") || instruction.contains("--from=")) {
                continue;
            }
            List<String> args = new ArrayList<>(List.of(instruction.substring("COPY ".length()).split(" ")));
            args.removeIf(a -> a.startsWith("--"));
            for (String arg : args.subList(0, Math.max(0, args.size() - 1))) {
                if (arg.replaceAll("^\\./", "").replaceAll("/+$", "").equals(source)) {
                    return true;
                }
            }
        }
        return false;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Map<String, String> env, String... command) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(BASEDIR.toFile()).redirectErrorStream(true);
        builder.environment().remove("MASK_KEY");
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return e.getMessage();
                }
            });
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            return new Result(-1, e.getMessage()); // no such command
        } catch (ExecutionException | TimeoutException e) {
            return new Result(-1, "no output: " + e);
        }
    }
}

package io.loginetl;

import io.loginetl.support.ShellCommand;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.loginetl.support.ProjectFiles.BASEDIR;
import static io.loginetl.support.ProjectFiles.COMPOSE_FILE;
import static io.loginetl.support.ProjectFiles.INIT_HOOK;
import static io.loginetl.support.ProjectFiles.SAMPLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What users of docker-compose.yml depend on, read with a YAML parser, without a Docker engine. The
 * init hook itself runs against ElasticMQ in {@link LocalStackInitHookIT}; where the `docker compose`
 * CLI exists, it must accept the file too.
 */
class DockerComposeFileTest {

    private static final String READY_D = "/etc/localstack/init/ready.d/";
    private static final Pattern LOCALSTACK_IMAGE = Pattern.compile("localstack/localstack:(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private static String text;
    private static Map<String, Object> services;

    @BeforeAll
    static void parse() throws IOException {
        text = Files.readString(COMPOSE_FILE);
        Object document = new Load(LoadSettings.builder().setLabel("docker-compose.yml").build()).loadFromString(text);
        services = map(map(document, "docker-compose.yml").get("services"), "services");
    }

    @Test
    void localStackIsAPinnedFreeImageThatSpeaksTheJsonProtocol() {
        String image = String.valueOf(service("localstack").get("image"));
        Matcher m = LOCALSTACK_IMAGE.matcher(image);
        assertTrue(m.matches(), "a pinned localstack/localstack:MAJOR.MINOR[.PATCH], not " + image);
        int[] version = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
        // 3.0 is the first to accept the SQS JSON protocol; after 4.14.0 the image needs a LocalStack account
        assertTrue(compare(version, new int[] {3, 0, 0}) >= 0, "LocalStack before 3.0 answers HTTP 500 to current SDKs: " + image);
        assertTrue(compare(version, new int[] {4, 14, 0}) <= 0, "tags after 4.14.0 need LOCALSTACK_AUTH_TOKEN: " + image);
        assertTrue(environment("localstack").getOrDefault("SERVICES", "").contains("sqs"), "SQS is started");
    }

    @Test
    void initHookIsMountedInReadyDWithTheSampleItSends() throws IOException {
        Map<String, Mount> mounts = mounts("localstack");
        Mount hook = mounts.values().stream().filter(v -> v.target().startsWith(READY_D)).findFirst()
                .orElseThrow(() -> new AssertionError("no init hook mounted in " + READY_D + ": " + mounts));
        assertEquals(INIT_HOOK, hook.source(), "the hook mounted is the project's");
        assertTrue(hook.target().endsWith(".sh"), "LocalStack runs only .sh and .py hooks: " + hook.target());
        assertTrue(Files.isExecutable(INIT_HOOK), "LocalStack runs a shell hook only if it is executable");
        assertTrue(Files.readAllLines(INIT_HOOK).get(0).startsWith("#!"), "LocalStack runs a shell hook only with a shebang");

        Mount sample = mounts.values().stream().filter(v -> v.source().equals(SAMPLE)).findFirst()
                .orElseThrow(() -> new AssertionError("the tests' sample is not mounted: " + mounts));
        assertTrue(sample.readOnly() && hook.readOnly(), "mounted read-only");
        assertEquals(100, Files.readAllLines(SAMPLE).stream().filter(l -> !l.isBlank()).count(), "the take-home's 100 messages");
        assertEquals(sample.target(), hookDefault("LOGIN_QUEUE_SAMPLE"), "the hook reads the sample where compose mounts it");
    }

    @Test
    void localStackIsHealthyOnlyOnceTheInitHookSucceeded() throws Exception {
        String check = healthCheck("localstack");
        String hookName = INIT_HOOK.getFileName().toString();
        String endpoint = "curl -fsS http://localhost:4566/_localstack/init/ready |";
        assertTrue(check.startsWith("CMD-SHELL " + endpoint), "asks LocalStack for its ready hooks: " + check);
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no sh here to run the health check's filter");
        // The filter, fed what LocalStack's /_localstack/init/ready answers (Python's json.dumps)
        String filter = check.substring(("CMD-SHELL " + endpoint).length());
        String answer = "{\"completed\": true, \"scripts\": [{\"stage\": \"READY\", \"name\": \"%s\", \"state\": \"%s\"}]}";
        assertEquals(0, ShellCommand.run(Map.of(), "/bin/sh", "-c", "printf '%s' '" + answer.formatted(hookName, "SUCCESSFUL") + "' |" + filter).exitCode(),
                "healthy when the hook succeeded: " + check);
        for (String state : List.of("RUNNING", "ERROR", "UNKNOWN")) {
            assertNotEquals(0, ShellCommand.run(Map.of(), "/bin/sh", "-c", "printf '%s' '" + answer.formatted(hookName, state) + "' |" + filter).exitCode(),
                    "unhealthy while the hook is " + state + ": " + check);
        }
        assertNotEquals(0, ShellCommand.run(Map.of(), "/bin/sh", "-c", "printf '%s' '" + answer.formatted("other.sh", "SUCCESSFUL") + "' |" + filter).exitCode(),
                "another hook's success is not this one's: " + check);
    }

    @Test
    void portsArePublishedOnLoopbackOnlyAndLeave5432ToALocalPostgres() {
        for (String service : services.keySet()) {
            for (Port port : ports(service)) {
                assertEquals("127.0.0.1", port.hostIp(), service + " publishes " + port + " on every interface");
            }
        }
        assertEquals(List.of(new Port("127.0.0.1", "4566", "4566")), ports("localstack"));
        assertEquals(List.of(new Port("127.0.0.1", "9876", "9876")), ports("login-etl"), "management port");
        for (Port port : ports("postgres")) {
            assertEquals("5432", port.target());
            assertNotEquals("5432", port.published(), "the demo and the tests need a local Postgres on 5432");
        }
    }

    @Test
    void loginEtlStartsOnceItsServicesAreHealthyAndTalksToThem() {
        Map<String, Object> dependsOn = map(service("login-etl").get("depends_on"), "login-etl.depends_on");
        for (String dependency : List.of("localstack", "postgres")) {
            assertEquals("service_healthy", map(dependsOn.get(dependency), "depends_on." + dependency).get("condition"),
                    dependency + " must be healthy first");
        }
        Map<String, String> env = environment("login-etl");
        assertEquals("http://localstack:4566", env.get("SQS_ENDPOINT"));
        assertTrue(env.get("DB_URL").startsWith("jdbc:postgresql://postgres:5432/"), "the container port: " + env.get("DB_URL"));
    }

    @Test
    void loginEtlsHealthCheckAsksItsManagementPortWithAToolTheImageInstalls() throws IOException {
        String check = healthCheck("login-etl");
        assertTrue(check.contains("localhost:9876/observe/health"), check);
        String tool = check.split(" ")[1];
        assertTrue(Pattern.compile("(?m)^RUN .*install[^\\n]*\\b" + Pattern.quote(tool) + "\\b")
                        .matcher(Files.readString(BASEDIR.resolve("Dockerfile")).replace("\\\n", " ")).find(),
                "the image installs " + tool + ", which the health check runs");
    }

    @Test
    void aStartUpErrorIsNotRestartedInALoop() {
        // Docker restarts on-failure on any non-zero exit, so a misconfiguration (exit 1) would loop
        Object restart = service("login-etl").getOrDefault("restart", "no");
        assertTrue(String.valueOf(restart).matches("no|on-failure:[1-3]"), "restart: " + restart);
    }

    @Test
    void drainModeIsOptionalAndNeverEmpty() {
        // Camel Main refuses an empty camel.main.duration-max-idle-seconds: unset must become a number (0: never)
        String drain = environment("login-etl").get("CAMEL_MAIN_DURATIONMAXIDLESECONDS");
        assertNotNull(drain, "drain mode can be switched on");
        assertTrue(drain.matches("\\$\\{DRAIN_IDLE_SECONDS:-\\d+}"), drain);
    }

    @Test
    void stopGracePeriodExceedsTheShutdownTimeout() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(BASEDIR.resolve("application.properties"))) {
            properties.load(reader);
        }
        Duration shutdown = Duration.ofSeconds(Long.parseLong(properties.getProperty("camel.main.shutdown-timeout").strip()));
        // Compose durations as ISO-8601: 30s -> PT30S, 1m30s -> PT1M30S
        Duration grace = Duration.parse("PT" + String.valueOf(service("login-etl").getOrDefault("stop_grace_period", "10s"))
                .toUpperCase(Locale.ROOT));
        assertTrue(grace.compareTo(shutdown) > 0,
                "stop_grace_period " + grace + " must exceed camel.main.shutdown-timeout " + shutdown + ", or docker kills in-flight batches");
    }

    @Test
    void composeCommandsNeedNoMaskKey() throws Exception {
        // ${VAR?err} and ${VAR:?err} make every compose command fail (down, logs, config) while VAR is unset
        Matcher required = Pattern.compile("\\$\\{\\w+:?\\?[^}]*}").matcher(text);
        assertFalse(required.find(), () -> "a variable required for interpolation: " + required.group());
        assertTrue(environment("login-etl").getOrDefault("MASK_KEY", "").matches("\\$\\{MASK_KEY(:?-[^}]*)?}"),
                "MASK_KEY is passed through when set: " + environment("login-etl").get("MASK_KEY"));
        Assumptions.assumeTrue(ShellCommand.run(Map.of(), "docker", "compose", "version").exitCode() == 0,
                "`docker compose` is not available here");
        ShellCommand.Result config = ShellCommand.run(Map.of(), "docker", "compose", "-f", COMPOSE_FILE.toString(), "config", "-q");
        assertEquals(0, config.exitCode(), config.output());
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private record Port(String hostIp, String published, String target) {
    }

    private record Mount(Path source, String target, boolean readOnly) {
    }

    private static Map<String, Object> service(String name) {
        return map(services.get(name), "service " + name);
    }

    /**
     * The file's short port syntax ("127.0.0.1:5433:5432"), which the compose spec defines as a string and no
     * YAML library splits; a port without a host address has hostIp "".
     */
    private static List<Port> ports(String service) {
        List<Port> result = new ArrayList<>();
        for (Object port : list(service(service).get("ports"))) {
            String[] parts = assertInstanceOf(String.class, port, service + " ports in the short syntax").replaceAll("/(tcp|udp)$", "").split(":");
            assertTrue(parts.length >= 2, service + " publishes " + port + " on a random host port");
            result.add(new Port(parts.length == 3 ? parts[0] : "", parts[parts.length - 2], parts[parts.length - 1]));
        }
        return result;
    }

    /** Bind mounts by target, in the file's short syntax ("./a:/b:ro"), sources resolved against the project. */
    private static Map<String, Mount> mounts(String service) {
        Map<String, Mount> result = new LinkedHashMap<>();
        for (Object volume : list(service(service).get("volumes"))) {
            String[] parts = assertInstanceOf(String.class, volume, service + " volumes in the short syntax").split(":");
            Mount mount = new Mount(BASEDIR.resolve(parts[0]).normalize(), parts[1], parts.length > 2 && parts[2].contains("ro"));
            result.put(mount.target(), mount);
        }
        return result;
    }

    /** The default of a ${NAME:-default} setting in the init hook. */
    private static String hookDefault(String name) throws IOException {
        Matcher m = Pattern.compile("\\$\\{" + name + ":-([^}]*)}").matcher(Files.readString(INIT_HOOK));
        assertTrue(m.find(), "the hook reads " + name);
        return m.group(1);
    }

    /** The health check's test as one string ("CMD-SHELL pg_isready ..."). */
    private static String healthCheck(String service) {
        Object test = map(service(service).get("healthcheck"), service + ".healthcheck").get("test");
        assertNotNull(test, service + ".healthcheck.test");
        return test instanceof List<?> parts ? String.join(" ", parts.stream().map(String::valueOf).toList()) : "CMD-SHELL " + test;
    }

    /** The environment, written as a mapping in the file. */
    private static Map<String, String> environment(String service) {
        Map<String, String> result = new LinkedHashMap<>();
        map(service(service).get("environment"), service + ".environment")
                .forEach((k, v) -> result.put(k, v == null ? null : String.valueOf(v)));
        return result;
    }

    private static List<?> list(Object value) {
        return value == null ? List.of() : assertInstanceOf(List.class, value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertInstanceOf(Map.class, value, what + " must be a mapping");
        return (Map<String, Object>) value;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }
}

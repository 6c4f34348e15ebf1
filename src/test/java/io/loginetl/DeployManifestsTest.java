package io.loginetl;

import io.loginetl.db.Prune;
import io.loginetl.support.ProjectFiles;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.MainConfigurationProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What users of the Kubernetes manifests in deploy/ depend on, read with a YAML parser: no cluster, no Docker.
 * Every pod meets the restricted Pod Security Standard as the image's own user, with /tmp its only writable
 * path; the probes ask the port and paths the application serves; a stopping pod has time to finish its
 * batches; the prune CronJob runs prune with a database role of its own and nothing of the pipeline's SQS
 * access or mask key; no secret sits in plain env. Settings come from application.properties and the
 * Dockerfile, so a change there that the manifests do not follow fails here.
 */
class DeployManifestsTest {

    private static final Path BASEDIR = ProjectFiles.BASEDIR;
    private static final Path DEPLOY = BASEDIR.resolve("deploy");

    /** The kinds whose objects carry a pod template, and where it is. */
    private static final Map<String, List<String>> POD_SPEC_PATHS = Map.of(
            "Deployment", List.of("spec", "template", "spec"),
            "StatefulSet", List.of("spec", "template", "spec"),
            "DaemonSet", List.of("spec", "template", "spec"),
            "Job", List.of("spec", "template", "spec"),
            "CronJob", List.of("spec", "jobTemplate", "spec", "template", "spec"),
            "Pod", List.of("spec"));
    /** The volume types the restricted Pod Security Standard allows. */
    private static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of(
            "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");
    /** Names of variables that hold a secret themselves (a *_FILE variable names a file instead). */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|MASK_KEY|TOKEN|CREDENTIAL|ACCESS_KEY).*");

    private static List<Manifest> manifests;
    private static Properties properties;
    /** Camel Main's defaults for what application.properties leaves unset. */
    private static final MainConfigurationProperties CAMEL_MAIN = new MainConfigurationProperties();

    @BeforeAll
    static void read() throws IOException {
        properties = new Properties();
        try (Reader reader = Files.newBufferedReader(BASEDIR.resolve("application.properties"))) {
            properties.load(reader);
        }
        manifests = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY)) {
            for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml")).sorted().toList()) {
                List<Object> documents = new ArrayList<>();
                new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadAllFromString(Files.readString(file))
                        .forEach(d -> {
                            if (d != null) {
                                documents.add(d);
                            }
                        });
                assertEquals(1, documents.size(), file.getFileName() + ": one object per file");
                manifests.add(new Manifest(file, map(documents.get(0), file.getFileName().toString())));
            }
        }
    }

    @Test
    void eachFileIsOneKubernetesObjectNamedForItsKind() {
        for (Manifest m : manifests) {
            assertNotNull(m.object().get("apiVersion"), m + ": apiVersion");
            assertNotNull(m.name(), m + ": metadata.name");
            String expected = "-" + m.kind().toLowerCase(Locale.ROOT) + ".yaml";
            assertTrue(m.fileName().startsWith("login-etl") && m.fileName().endsWith(expected),
                    m.fileName() + " holds a " + m.kind() + ": name it login-etl...-" + expected.substring(1));
        }
        // Both of what users deploy are here, so that no check below passes on an empty deploy/
        assertEquals(1, manifests.stream().filter(m -> m.kind().equals("Deployment")).count(), "one Deployment");
        assertFalse(pruneCronJobs().isEmpty(), "a CronJob that runs prune");
    }

    @Test
    void everyPodRunsAsTheImagesNonRootUserWithNoPrivilegeEscalation() throws IOException {
        long[] user = dockerfileUser();
        for (Pod pod : pods()) {
            Map<String, Object> context = map(pod.spec().get("securityContext"), pod + " securityContext");
            assertEquals(Boolean.TRUE, context.get("runAsNonRoot"), pod + " runAsNonRoot");
            assertEquals(user[0], number(context.get("runAsUser"), pod + " runAsUser"), pod + " runAsUser: the Dockerfile's USER");
            assertEquals(user[1], number(context.get("runAsGroup"), pod + " runAsGroup"), pod + " runAsGroup: the Dockerfile's USER");
            assertEquals("RuntimeDefault", map(context.get("seccompProfile"), pod + " seccompProfile").get("type"), pod + " seccomp");
            for (String hostNamespace : List.of("hostNetwork", "hostPID", "hostIPC")) {
                assertNotEquals(Boolean.TRUE, pod.spec().get(hostNamespace), pod + " " + hostNamespace);
            }
            for (Map<String, Object> volume : pod.volumes()) {
                Set<String> types = new HashSet<>(volume.keySet());
                types.remove("name");
                assertTrue(RESTRICTED_VOLUME_TYPES.containsAll(types), pod + " volume " + volume.get("name") + " of type " + types);
            }
            assertFalse(pod.containers().isEmpty(), pod + " has containers");
            for (Container c : pod.containers()) {
                Map<String, Object> sc = map(c.object().get("securityContext"), c + " securityContext");
                assertEquals(Boolean.FALSE, sc.get("allowPrivilegeEscalation"), c + " allowPrivilegeEscalation");
                assertNotEquals(Boolean.TRUE, sc.get("privileged"), c + " privileged");
                Map<String, Object> capabilities = map(sc.get("capabilities"), c + " capabilities");
                assertTrue(list(capabilities.get("drop")).contains("ALL"), c + " drops every capability: " + capabilities.get("drop"));
                assertNull(capabilities.get("add"), c + " adds no capability");
                // A container's own settings override the pod's: none may undo them
                assertNotEquals(Boolean.FALSE, sc.get("runAsNonRoot"), c + " runAsNonRoot");
                for (String id : List.of("runAsUser", "runAsGroup")) {
                    if (sc.containsKey(id)) {
                        assertEquals(id.equals("runAsUser") ? user[0] : user[1], number(sc.get(id), c + " " + id), c + " " + id);
                    }
                }
                if (sc.containsKey("seccompProfile")) {
                    assertEquals("RuntimeDefault", map(sc.get("seccompProfile"), c + " seccompProfile").get("type"), c + " seccomp");
                }
            }
        }
    }

    @Test
    void everyContainerHasAReadOnlyRootWithAnEmptyDirAtTmpAsItsOnlyWritablePath() {
        for (Pod pod : pods()) {
            for (Container c : pod.containers()) {
                assertEquals(Boolean.TRUE, map(c.object().get("securityContext"), c + " securityContext").get("readOnlyRootFilesystem"),
                        c + " readOnlyRootFilesystem");
                Map<String, Object> tmp = c.mounts().stream().filter(m -> "/tmp".equals(m.get("mountPath"))).findFirst()
                        .orElseThrow(() -> new AssertionError(c + " mounts nothing at /tmp, where the JVM and Vert.x write"));
                assertTrue(pod.volume(String.valueOf(tmp.get("name"))).containsKey("emptyDir"), c + ": /tmp is an emptyDir");
                assertNotEquals(Boolean.TRUE, tmp.get("readOnly"), c + ": /tmp is writable");
                for (Map<String, Object> mount : c.mounts()) {
                    if (mount != tmp) {
                        assertEquals(Boolean.TRUE, mount.get("readOnly"), c + " mounts " + mount.get("mountPath") + " writable: only /tmp is");
                    }
                }
            }
        }
    }

    @Test
    void probesAskTheManagementPortForLivenessAndReadiness() {
        HttpManagementServerConfigurationProperties defaults = CAMEL_MAIN.httpManagementServer();
        // What `java -jar` (the image) listens on: application.properties if it sets the port, else LoginEtl's default
        int port = Integer.parseInt(properties.getProperty("camel.management.port",
                LoginEtl.newMain().getInitialProperties().getProperty("camel.management.port", Integer.toString(defaults.getPort()))).strip());
        String health = properties.getProperty("camel.management.health-path", defaults.getHealthPath()).strip();
        for (Container c : pipelineContainers()) {
            // Camel Main takes any *_PORT variable for a Kubernetes service link and ignores it
            assertFalse(c.env().containsKey("CAMEL_MANAGEMENT_PORT"), c + ": CAMEL_MANAGEMENT_PORT is ignored by Camel;"
                    + " the port is camel.management.port (application.properties or -D)");
            for (String[] probe : List.of(new String[] {"livenessProbe", "/live"}, new String[] {"readinessProbe", "/ready"})) {
                Map<String, Object> get = map(map(c.object().get(probe[0]), c + " " + probe[0]).get("httpGet"), c + " " + probe[0] + ".httpGet");
                assertEquals(health + probe[1], get.get("path"), c + " " + probe[0] + " path");
                assertEquals(port, c.port(get.get("port")), c + " " + probe[0] + " port: camel.management.port");
            }
        }
    }

    @Test
    void readinessProbeWaitsForTheDatabaseAndSqsChecks() {
        // Readiness runs the database check and the SQS check one after the other, each bounded by health.timeout-ms
        long checksMillis = 2 * Long.parseLong(required("health.timeout-ms"));
        for (Container c : pipelineContainers()) {
            Map<String, Object> probe = map(c.object().get("readinessProbe"), c + " readinessProbe");
            long timeoutSeconds = probe.containsKey("timeoutSeconds") ? number(probe.get("timeoutSeconds"), c + " timeoutSeconds") : 1;
            assertTrue(timeoutSeconds * 1000 > checksMillis, c + " readiness timeoutSeconds " + timeoutSeconds
                    + " cuts off checks that may take " + checksMillis + " ms (2 x health.timeout-ms): a slow but healthy answer would fail");
        }
    }

    @Test
    void aStoppingPodFinishesItsBatchesBeforeKubernetesKillsIt() {
        for (Pod pod : pipelinePods()) {
            long grace = pod.spec().containsKey("terminationGracePeriodSeconds")
                    ? number(pod.spec().get("terminationGracePeriodSeconds"), pod + " terminationGracePeriodSeconds") : 30;
            for (Container c : pod.containers()) {
                long shutdown = Long.parseLong(setting(c, "camel.main.shutdown-timeout",
                        properties.getProperty("camel.main.shutdown-timeout", Long.toString(CAMEL_MAIN.getShutdownTimeout())).strip()));
                assertTrue(grace > shutdown, pod + " terminationGracePeriodSeconds " + grace + " must exceed camel.main.shutdown-timeout "
                        + shutdown + ", or Kubernetes kills in-flight batches");
                long visibility = Long.parseLong(setting(c, "sqs.visibility-timeout", required("sqs.visibility-timeout")));
                assertTrue(visibility > shutdown, c + " sqs.visibility-timeout " + visibility + " must exceed camel.main.shutdown-timeout "
                        + shutdown + ", or messages a stopping pod still holds are delivered again meanwhile");
            }
        }
    }

    @Test
    void theDatabasePoolCoversEveryWriterAndReceiver() {
        for (Container c : pipelineContainers()) {
            int pool = Integer.parseInt(setting(c, "db.pool.max-size", required("db.pool.max-size")));
            int writers = Integer.parseInt(setting(c, "batch.writers", required("batch.writers")));
            int receivers = Integer.parseInt(setting(c, "sqs.receivers", required("sqs.receivers")));
            assertTrue(pool >= writers + receivers + 1, c + " db.pool.max-size " + pool + " is below batch.writers " + writers
                    + " + sqs.receivers " + receivers + " + 1 (the batch timer): writes would wait for connections");
        }
    }

    @Test
    void pruneCronJobRunsThePruneCommandOfThePipelinesImage() throws IOException {
        List<String> entrypoint = dockerfileEntrypoint();
        assertEquals(List.of("-jar", "/app/login-etl.jar"), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()),
                "the image's ENTRYPOINT ends with the jar, so a container's args are login-etl's command: " + entrypoint);
        Set<Object> pipelineImages = new HashSet<>(pipelineContainers().stream().map(c -> c.object().get("image")).toList());
        assertEquals(1, pipelineImages.size(), "one pipeline image: " + pipelineImages);
        for (Manifest cronJob : pruneCronJobs()) {
            Pod pod = podOf(cronJob);
            assertTrue(Set.of("Never", "OnFailure").contains(pod.spec().get("restartPolicy")), pod + " restartPolicy");
            assertEquals(1, pod.containers().size(), pod + ": one container");
            Container prune = pod.containers().get(0);
            assertNull(prune.object().get("command"), prune + ": a command would replace the image's java -jar login-etl.jar");
            assertEquals(List.of("prune"), prune.object().get("args"), prune + " args");
            assertEquals(pipelineImages.iterator().next(), prune.object().get("image"), prune + ": the pipeline's image, at its version");
            String retention = setting(prune, "ledger.retention-days", required("ledger.retention-days"));
            assertTrue(Integer.parseInt(retention) >= Prune.MIN_RETENTION_DAYS,
                    prune + " ledger.retention-days " + retention + ": prune refuses less than " + Prune.MIN_RETENTION_DAYS);
        }
    }

    @Test
    void pruneCronJobHasNoSqsAccessNoMaskKeyAndADatabaseRoleOfItsOwn() {
        Pod pipeline = pipelinePods().get(0);
        String pipelineUser = pipeline.containers().get(0).env().get("DB_USER");
        assertNotNull(pipelineUser, pipeline + " names its database role (DB_USER)");
        for (Manifest cronJob : pruneCronJobs()) {
            Pod pod = podOf(cronJob);
            Object account = pod.spec().get("serviceAccountName");
            assertFalse(account != null && account.equals(pipeline.spec().get("serviceAccountName")),
                    pod + " runs as the pipeline's ServiceAccount " + account + ", whose IAM role reaches SQS");
            Set<String> pipelineSecrets = pipeline.secretNames();
            for (Container c : pod.containers()) {
                assertNull(c.object().get("envFrom"), c + ": envFrom would bring in variables this test cannot see");
                for (String name : c.env().keySet()) {
                    assertFalse(name.startsWith("SQS_") || name.startsWith("AWS_"), c + " has an SQS or AWS setting: " + name);
                    assertFalse(name.startsWith("MASK_KEY"), c + ": prune needs no mask key, so it gets none: " + name);
                }
                String user = c.env().get("DB_USER");
                assertNotNull(user, c + " names its own database role (DB_USER)");
                assertNotEquals(pipelineUser, user, c + ": prune's role has SELECT, DELETE, which the pipeline's must not");
            }
            for (String secret : pod.secretNames()) {
                assertFalse(pipelineSecrets.contains(secret), pod + " mounts the pipeline's Secret " + secret + " (its mask key)");
            }
        }
    }

    @Test
    void secretsComeFromMountedSecretsNeverFromPlainEnv() {
        for (Pod pod : pods()) {
            for (Container c : pod.containers()) {
                for (Map<String, Object> variable : c.envList()) {
                    String name = String.valueOf(variable.get("name"));
                    Object value = variable.get("value");
                    if (name.endsWith("_FILE")) {
                        String file = String.valueOf(value);
                        assertTrue(c.mounts().stream().anyMatch(m -> file.startsWith(m.get("mountPath") + "/")
                                        && pod.isSecret(String.valueOf(m.get("name")))),
                                c + " " + name + "=" + file + " is not in a mounted Secret");
                    } else if (SECRET_NAME.matcher(name).matches()) {
                        assertNull(value, c + " " + name + " is a literal in the manifest: use " + name + "_FILE or valueFrom.secretKeyRef");
                        Map<String, Object> from = map(variable.get("valueFrom"), c + " " + name + ".valueFrom");
                        assertNotNull(from.get("secretKeyRef"), c + " " + name + " must come from a Secret");
                    }
                    if (value instanceof String text) {
                        assertFalse(text.toLowerCase(Locale.ROOT).contains("password="), c + " " + name + " carries a password");
                    }
                }
            }
        }
        // The pipeline refuses to start without its key, and every replica must have the same one: from the Secret
        for (Container c : pipelineContainers()) {
            assertTrue(c.env().containsKey("MASK_KEY_FILE") || c.envList().stream().anyMatch(v -> "MASK_KEY".equals(v.get("name"))),
                    c + " gets no MASK_KEY (MASK_KEY_FILE)");
        }
    }

    @Test
    void envValuesAreStringsAsKubernetesRequires() {
        // `value: 30` is an integer to YAML and Kubernetes refuses the manifest; it must be "30"
        for (Pod pod : pods()) {
            for (Container c : pod.containers()) {
                for (Map<String, Object> variable : c.envList()) {
                    if (variable.containsKey("value")) {
                        assertInstanceOf(String.class, variable.get("value"), c + " " + variable.get("name") + " must be quoted");
                    }
                }
            }
        }
    }

    @Test
    void theDeploymentRunsAsTheServiceAccountDefinedBesideIt() {
        Pod pipeline = pipelinePods().get(0);
        Object account = pipeline.spec().get("serviceAccountName");
        assertNotNull(account, pipeline + ": a ServiceAccount of its own, for its IAM role");
        assertTrue(manifests.stream().anyMatch(m -> m.kind().equals("ServiceAccount") && account.equals(m.name())),
                pipeline + " runs as ServiceAccount " + account + ", which deploy/ does not define");
    }

    @Test
    void kedaScalesTheDeploymentOnTheQueueItReads() {
        Manifest deployment = manifests.stream().filter(m -> m.kind().equals("Deployment")).findFirst().orElseThrow();
        Container pipeline = pipelineContainers().get(0);
        for (Manifest scaled : manifests.stream().filter(m -> m.kind().equals("ScaledObject")).toList()) {
            Map<String, Object> spec = map(scaled.object().get("spec"), scaled + " spec");
            Map<String, Object> target = map(spec.get("scaleTargetRef"), scaled + " scaleTargetRef");
            assertEquals(deployment.name(), target.get("name"), scaled + " scales the Deployment");
            assertNull(map(deployment.object().get("spec"), "spec").get("replicas"),
                    deployment + " sets replicas, which every apply would reset under KEDA");
            for (Object t : (List<?>) spec.get("triggers")) {
                Map<String, Object> trigger = map(t, scaled + " trigger");
                assertEquals("aws-sqs-queue", trigger.get("type"), scaled + " trigger type");
                Map<String, Object> metadata = map(trigger.get("metadata"), scaled + " trigger metadata");
                String queue = setting(pipeline, "sqs.queue", required("sqs.queue"));
                assertTrue(String.valueOf(metadata.get("queueURL")).endsWith("/" + queue),
                        scaled + " queueURL " + metadata.get("queueURL") + " is not the queue the pipeline reads, " + queue);
                assertEquals(setting(pipeline, "sqs.region", required("sqs.region")), metadata.get("awsRegion"), scaled + " awsRegion");
                String auth = String.valueOf(map(trigger.get("authenticationRef"), scaled + " authenticationRef").get("name"));
                assertTrue(manifests.stream().anyMatch(m -> m.kind().equals("TriggerAuthentication") && auth.equals(m.name())),
                        scaled + " names TriggerAuthentication " + auth + ", which deploy/ does not define");
            }
        }
    }

    // ---- the manifests as data -------------------------------------------------------------------------

    private record Manifest(Path file, Map<String, Object> object) {
        String kind() {
            return String.valueOf(object.get("kind"));
        }

        String name() {
            Object metadata = object.get("metadata");
            return metadata instanceof Map<?, ?> m && m.get("name") != null ? String.valueOf(m.get("name")) : null;
        }

        String fileName() {
            return file.getFileName().toString();
        }

        @Override
        public String toString() {
            return "deploy/" + fileName();
        }
    }

    private record Pod(Manifest owner, Map<String, Object> spec) {
        List<Container> containers() {
            List<Container> all = new ArrayList<>();
            for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
                for (Object c : list(spec.get(field))) {
                    all.add(new Container(this, map(c, this + " " + field)));
                }
            }
            return all;
        }

        List<Map<String, Object>> volumes() {
            return list(spec.get("volumes")).stream().map(v -> map(v, this + " volume")).toList();
        }

        Map<String, Object> volume(String name) {
            return volumes().stream().filter(v -> name.equals(v.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(this + " mounts volume " + name + ", which it does not define"));
        }

        boolean isSecret(String volume) {
            return volume(volume).containsKey("secret");
        }

        Set<String> secretNames() {
            Set<String> names = new HashSet<>();
            for (Map<String, Object> v : volumes()) {
                if (v.get("secret") instanceof Map<?, ?> secret) {
                    names.add(String.valueOf(secret.get("secretName")));
                }
            }
            return names;
        }

        @Override
        public String toString() {
            return owner + " (" + owner.kind() + " " + owner.name() + ")";
        }
    }

    private record Container(Pod pod, Map<String, Object> object) {
        List<Map<String, Object>> envList() {
            return list(object.get("env")).stream().map(v -> map(v, this + " env")).toList();
        }

        /** The variables with a literal value, by name. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Map<String, Object> v : envList()) {
                env.put(String.valueOf(v.get("name")), v.get("value") == null ? null : String.valueOf(v.get("value")));
            }
            return env;
        }

        List<Map<String, Object>> mounts() {
            return list(object.get("volumeMounts")).stream().map(m -> map(m, this + " volumeMount")).toList();
        }

        /** A probe's port: a number, or the name of one of the container's ports. */
        int port(Object port) {
            if (port instanceof Number n) {
                return n.intValue();
            }
            for (Object p : list(object.get("ports"))) {
                Map<String, Object> declared = map(p, this + " port");
                if (String.valueOf(port).equals(declared.get("name"))) {
                    return (int) number(declared.get("containerPort"), this + " containerPort");
                }
            }
            throw new AssertionError(this + " has no port named " + port);
        }

        @Override
        public String toString() {
            return pod + " container " + object.get("name");
        }
    }

    private static List<Pod> pods() {
        return manifests.stream().filter(m -> POD_SPEC_PATHS.containsKey(m.kind())).map(DeployManifestsTest::podOf).toList();
    }

    private static Pod podOf(Manifest manifest) {
        Object node = manifest.object();
        for (String field : POD_SPEC_PATHS.get(manifest.kind())) {
            node = map(node, manifest + " " + field).get(field);
        }
        return new Pod(manifest, map(node, manifest + " pod spec"));
    }

    /** The pods that run the pipeline: the Deployment's. */
    private static List<Pod> pipelinePods() {
        List<Pod> pods = pods().stream().filter(p -> p.owner().kind().equals("Deployment")).toList();
        assertFalse(pods.isEmpty(), "deploy/ has a Deployment");
        return pods;
    }

    private static List<Container> pipelineContainers() {
        return pipelinePods().stream().flatMap(p -> p.containers().stream()).toList();
    }

    private static List<Manifest> pruneCronJobs() {
        return manifests.stream().filter(m -> m.kind().equals("CronJob")).toList();
    }

    /**
     * A setting as the container sees it: its environment variable (upper case, dots and dashes as underscores, as
     * Camel's properties component reads it; Camel Main also takes camel.main.* with the dashes dropped), else the
     * fallback.
     */
    private static String setting(Container c, String key, String fallback) {
        Map<String, String> env = c.env();
        String upper = key.toUpperCase(Locale.ROOT);
        for (String name : List.of(upper.replace('.', '_').replace('-', '_'), upper.replace('.', '_').replace("-", ""))) {
            if (env.get(name) != null) {
                return env.get(name).strip();
            }
        }
        return fallback;
    }

    private static String required(String key) {
        String value = properties.getProperty(key);
        assertNotNull(value, "application.properties sets " + key);
        return value.strip();
    }

    /** The runtime stage's USER as uid and gid: numeric, so that Kubernetes can check runAsNonRoot against it. */
    private static long[] dockerfileUser() throws IOException {
        List<String> users = dockerfileInstructions().stream().filter(i -> i.startsWith("USER ")).toList();
        assertFalse(users.isEmpty(), "the Dockerfile sets USER");
        Matcher m = Pattern.compile("USER (\\d+)(?::(\\d+))?").matcher(users.get(users.size() - 1));
        assertTrue(m.matches(), "the Dockerfile's USER is numeric: " + users.get(users.size() - 1));
        long uid = Long.parseLong(m.group(1));
        return new long[] {uid, m.group(2) == null ? uid : Long.parseLong(m.group(2))};
    }

    /** The image's ENTRYPOINT, in its exec (JSON) form, which YAML reads as a list. */
    private static List<String> dockerfileEntrypoint() throws IOException {
        List<String> entrypoints = dockerfileInstructions().stream().filter(i -> i.startsWith("ENTRYPOINT ")).toList();
        assertFalse(entrypoints.isEmpty(), "the Dockerfile sets ENTRYPOINT");
        Object parsed = new Load(LoadSettings.builder().build())
                .loadFromString(entrypoints.get(entrypoints.size() - 1).substring("ENTRYPOINT ".length()));
        return list(parsed).stream().map(String::valueOf).toList();
    }

    private static List<String> dockerfileInstructions() throws IOException {
        return Files.readString(BASEDIR.resolve("Dockerfile")).replace("\\\n", " ").lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static long number(Object value, String what) {
        return assertInstanceOf(Number.class, value, what + " must be a number").longValue();
    }

    private static List<?> list(Object value) {
        return value == null ? List.of() : assertInstanceOf(List.class, value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertInstanceOf(Map.class, value, what + " must be a mapping");
        return (Map<String, Object>) value;
    }
}

package io.loginetl;

import io.loginetl.support.AppProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What `mvn package` builds: a lean production jar, and a tools jar with the embedded SQS server. */
class PackagingIT {

    private static final Path TOOLS_JAR = AppProcess.TOOLS_JAR;
    private static final List<String> EMBEDDED_SQS = List.of("org/elasticmq/", "org/apache/pekko/", "scala/", "io/loginetl/tools/");
    /** Test dependencies and test code: on the class path the tools are compiled with, never in the tools jar. */
    private static final List<String> TEST_ONLY = List.of("org/junit/", "org/testcontainers/", "com/tngtech/archunit/",
            "org/awaitility/", "org/apache/camel/test/", "io/loginetl/support/");

    @Test
    void productionJarCarriesNoEmbeddedSqsServerNorTools() throws IOException {
        for (String prefix : EMBEDDED_SQS) {
            assertEquals(0, entriesUnder(AppProcess.JAR, prefix), "login-etl.jar holds " + prefix);
            assertTrue(entriesUnder(TOOLS_JAR, prefix) > 0, "login-etl-tools.jar lacks " + prefix);
        }
    }

    @Test
    void toolsJarCarriesNoTestDependencyNorTest() throws IOException {
        for (String prefix : TEST_ONLY) {
            assertEquals(0, entriesUnder(TOOLS_JAR, prefix), "login-etl-tools.jar holds " + prefix);
        }
        try (JarFile jar = new JarFile(TOOLS_JAR.toFile())) {
            assertEquals(List.of(), jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("io/loginetl/"))
                    .filter(n -> n.matches(".*(Test|IT)(\\$.*)?\\.class")).toList(), "tests in login-etl-tools.jar");
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertEquals("io.loginetl.tools.Tools", manifest.getValue(Attributes.Name.MAIN_CLASS));
            assertEquals("true", manifest.getValue("Multi-Release"));
        }
    }

    @Test
    void toolsJarMergesTheFilesEveryJarBrings() throws IOException {
        // ServiceLoader files and Camel's (TypeConverterLoader...): each line the production jar's shade merged
        try (JarFile production = new JarFile(AppProcess.JAR.toFile()); JarFile tools = new JarFile(TOOLS_JAR.toFile())) {
            List<String> services = production.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("META-INF/services/") && !n.endsWith("/")).toList();
            assertTrue(services.contains("META-INF/services/org/apache/camel/TypeConverterLoader"), services.toString());
            for (String name : services) {
                List<String> missing = new ArrayList<>(lines(production, name));
                missing.removeAll(lines(tools, name));
                assertEquals(List.of(), missing, "lines of " + name + " missing from login-etl-tools.jar");
            }
            // Pekko, which ElasticMQ runs on, fails at start without each of its modules' reference.conf
            List<String> merged = lines(tools, "reference.conf");
            int pekkoModules = 0;
            for (URL copy : Collections.list(getClass().getClassLoader().getResources("reference.conf"))) {
                if (copy.toString().contains("/org/apache/pekko/")) {
                    pekkoModules++;
                    try (InputStream in = copy.openStream()) {
                        List<String> missing = new ArrayList<>(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
                        missing.removeAll(merged);
                        assertEquals(List.of(), missing, "lines of " + copy + " missing from login-etl-tools.jar's reference.conf");
                    }
                }
            }
            assertTrue(pekkoModules >= 3, "Pekko's modules on the test class path: " + pekkoModules);
        }
    }

    @Test
    void productionJarSendsTheDemoToTheToolsJar() throws Exception {
        try (AppProcess demo = AppProcess.start(Map.of(), "demo")) {
            assertEquals(2, demo.awaitExit(60), demo.output());
            assertTrue(demo.output().contains("java -jar target/login-etl-tools.jar demo"), demo.output());
        }
    }

    private static long entriesUnder(Path jar, String prefix) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().filter(e -> e.getName().startsWith(prefix)).count();
        }
    }

    private static List<String> lines(JarFile jar, String name) throws IOException {
        var entry = jar.getJarEntry(name);
        assertTrue(entry != null, name + " missing from " + jar.getName());
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}

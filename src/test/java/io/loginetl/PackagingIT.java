package io.loginetl;

import io.loginetl.support.AppProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What `mvn package` builds: a lean production jar, and a tools jar with the embedded SQS server. */
class PackagingIT {

    private static final Path TOOLS_JAR = Path.of("target", "login-etl-tools.jar");
    private static final List<String> EMBEDDED_SQS = List.of("org/elasticmq/", "org/apache/pekko/", "scala/", "io/loginetl/tools/");

    @Test
    void productionJarCarriesNoEmbeddedSqsServerNorTools() throws IOException {
        for (String prefix : EMBEDDED_SQS) {
            assertEquals(0, entriesUnder(AppProcess.JAR, prefix), "login-etl.jar holds " + prefix);
            assertTrue(entriesUnder(TOOLS_JAR, prefix) > 0, "login-etl-tools.jar lacks " + prefix);
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
}

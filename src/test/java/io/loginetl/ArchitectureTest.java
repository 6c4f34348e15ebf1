package io.loginetl;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.loginetl.config.Secrets;
import io.loginetl.config.StartupException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers of login-etl, top down (docs/architecture.md). A package may use the packages of the layers below
 * it, never one of its own layer or above: what everything shares sits at the bottom, and each package only looks
 * down. The production classes only: tests and tools use whatever they test or drive.
 */
class ArchitectureTest {

    /** Each row a layer; the packages of a row do not use each other. */
    static final List<List<String>> LAYERS_TOP_DOWN = List.of(
            List.of("io.loginetl"), // the application: main, the commands, the wiring, what the routes must keep
            List.of("io.loginetl.health", "io.loginetl.parking"), // readiness and liveness; the dead-letter queue and redrive
            List.of("io.loginetl.batch"), // rows gathered into batches, settled as they commit; the insert's start-up check
            List.of("io.loginetl.sqs", "io.loginetl.db"), // SQS clients, queues, settlement and deletes; the schema, pruning
            List.of("io.loginetl.origin", "io.loginetl.validation", "io.loginetl.version"), // a message's identity; the rules
            List.of("io.loginetl.observability", "io.loginetl.masking"), // metrics and progress; tokens and keys
            List.of("io.loginetl.message", "io.loginetl.config")); // what travels (a delivery, a row, a reason); settings

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/io/loginetl/tools/"))
            .importPackages("io.loginetl");

    @Test
    void eachPackageUsesOnlyThePackagesOfTheLayersBelowIt() {
        for (int layer = 0; layer < LAYERS_TOP_DOWN.size(); layer++) {
            for (String pkg : LAYERS_TOP_DOWN.get(layer)) {
                List<String> notBelow = new ArrayList<>();
                for (int above = 0; above <= layer; above++) {
                    LAYERS_TOP_DOWN.get(above).stream().filter(other -> !other.equals(pkg)).forEach(notBelow::add);
                }
                if (notBelow.isEmpty()) {
                    continue;
                }
                ArchRule looksDown = noClasses().that().resideInAPackage(pkg)
                        .should().dependOnClassesThat().resideInAnyPackage(notBelow.toArray(String[]::new))
                        .because(pkg + " may only use the layers below it");
                looksDown.check(PRODUCTION);
            }
        }
    }

    @Test
    void everyPackageHasItsLayer() {
        ArchRule placed = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .should().resideInAnyPackage(LAYERS_TOP_DOWN.stream().flatMap(List::stream).toArray(String[]::new))
                .because("a new package is placed in a layer here (and in docs/architecture.md) before it is used");
        placed.check(PRODUCTION);
    }

    @Test
    void noTwoPackagesUseEachOther() {
        slices().matching("io.loginetl.(*)..").should().beFreeOfCycles().check(PRODUCTION);
    }

    @Test
    void maskingUsesNothingOfLoginEtlButWhatTheMaskingJarCarries() {
        // target/login-etl-masking.jar (pom: masking-jar) holds masking and these two classes, for the Kamelet
        ArchRule standalone = noClasses().that().resideInAPackage("io.loginetl.masking")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.loginetl..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("io.loginetl.masking")))
                        .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(Secrets.class, StartupException.class))))
                .because("the pii-mask-action Kamelet runs masking from the masking jar alone");
        standalone.check(PRODUCTION);
    }
}

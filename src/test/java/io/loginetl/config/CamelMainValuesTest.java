package io.loginetl.config;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The values Camel Main may bind to its options, as it reads them (checked against Camel Main 4.18 by hand). */
class CamelMainValuesTest {

    private static List<SettingValue> values(String key, String file, Map<String, String> environment, Properties system) {
        CamelContext context = new DefaultCamelContext(false);
        Properties initial = new Properties();
        initial.setProperty(key, file);
        context.getPropertiesComponent().setInitialProperties(initial);
        return CamelMainValues.of(key, context.getPropertiesComponent(), environment, system);
    }

    @Test
    void aVariableWithDotsAndDashesAsUnderscoresOrDashesDroppedSetsTheOption() {
        List<SettingValue> values = values("camel.main.shutdown-timeout", "20",
                Map.of("CAMEL_MAIN_SHUTDOWN_TIMEOUT", "7", "CAMEL_MAIN_SHUTDOWNTIMEOUT", "8", "SHUTDOWN_TIMEOUT", "9"), new Properties());
        assertEquals(List.of(new SettingValue("20", Optional.of("CAMEL_MAIN_SHUTDOWN_TIMEOUT"))), values.subList(0, 1));
        assertEquals(List.of("7", "8"), values.subList(1, 3).stream().map(SettingValue::value).sorted().toList());
        assertEquals(3, values.size());
    }

    @Test
    void aVariableEndingInPortIsIgnoredAsCamelMainDoes() {
        List<SettingValue> values = values("camel.management.port", "9876", Map.of("CAMEL_MANAGEMENT_PORT", "abc"), new Properties());
        assertEquals(List.of(new SettingValue("9876", Optional.empty())), values, "no variable sets it, none is named");
    }

    @Test
    void aSystemPropertyInAnySpellingIsAValueToo() {
        Properties system = new Properties();
        system.setProperty("camel.main.shutdownTimeout", "abc");
        system.setProperty("camel.main.shutdown-timeout-other", "x");
        List<SettingValue> values = values("camel.main.shutdown-timeout", "20", Map.of(), system);
        assertEquals(List.of("20", "abc"), values.stream().map(SettingValue::value).toList());
    }
}

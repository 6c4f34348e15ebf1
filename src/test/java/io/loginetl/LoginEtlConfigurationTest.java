package io.loginetl;

import io.loginetl.support.TestSettings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelBeanPostProcessor;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginEtlConfigurationTest {

    /**
     * Camel post-processes a configuration more than once (Camel Main when its injector creates it and again
     * before configure(); `camel run` in KameletMain's compile post-processor and again in the Java DSL
     * loader): every pass calls the @BindToRegistry methods, and each must bind the bean the first one made,
     * not a second SQS client or connection pool.
     */
    @Test
    void eachBeanIsMadeOnceHoweverOftenCamelPostProcessesTheConfiguration() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            Properties settings = new Properties();
            settings.setProperty("mask.key", TestSettings.KEY);
            context.getPropertiesComponent().setOverrideProperties(settings);
            CamelBeanPostProcessor postProcessor = PluginHelper.getBeanPostProcessor(context);
            LoginEtlConfiguration configuration = new LoginEtlConfiguration();

            postProcessor.postProcessBeforeInitialization(configuration, "configuration");
            Map<String, Object> first = boundBeans(context);
            postProcessor.postProcessBeforeInitialization(configuration, "configuration");
            postProcessor.postProcessBeforeInitialization(configuration, "configuration");

            assertTrue(first.keySet().containsAll(List.of("sqsClient", "dataSource", "masker")), first.keySet().toString());
            first.forEach((name, bean) -> assertSame(bean, context.getRegistry().lookupByName(name), name));
            ((AutoCloseable) first.get("sqsClient")).close();
            ((AutoCloseable) first.get("dataSource")).close();
        }
    }

    private static Map<String, Object> boundBeans(DefaultCamelContext context) {
        Map<String, Object> beans = new HashMap<>();
        for (Method method : LoginEtlConfiguration.class.getMethods()) {
            BindToRegistry bind = method.getAnnotation(BindToRegistry.class);
            if (bind != null) {
                Object bean = context.getRegistry().lookupByName(bind.value());
                assertNotNull(bean, bind.value());
                beans.put(bind.value(), bean);
            }
        }
        return beans;
    }
}

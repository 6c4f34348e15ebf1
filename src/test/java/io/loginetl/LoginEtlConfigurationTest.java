package io.loginetl;

import io.loginetl.observability.PipelineMetrics;
import io.loginetl.observability.SqsRequestCounter;
import io.loginetl.support.TestSettings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelBeanPostProcessor;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginEtlConfigurationTest {

    /**
     * Camel reads a configuration more than once (Camel Main when its injector creates it and again before
     * configure(); `camel run` in KameletMain's compile post-processor, which calls configure(), and again in the
     * Java DSL loader): every pass binds the beans afresh. Lazy, each is made at its first lookup after the last
     * pass, once, and the beans share their parts: the SQS client counts into the counter the metrics read.
     */
    @Test
    void afterEveryPassEachBeanIsOneInstanceAndTheBeansShareTheirParts() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            Properties settings = new Properties();
            settings.setProperty("mask.key", TestSettings.KEY);
            context.getPropertiesComponent().setOverrideProperties(settings);
            CamelBeanPostProcessor postProcessor = PluginHelper.getBeanPostProcessor(context);
            LoginEtlConfiguration configuration = new LoginEtlConfiguration();

            // As `camel run` reads it: two passes, configure(), two more
            postProcessor.postProcessBeforeInitialization(configuration, "configuration");
            postProcessor.postProcessAfterInitialization(configuration, "configuration");
            configuration.configure(context);
            postProcessor.postProcessBeforeInitialization(configuration, "configuration");
            postProcessor.postProcessAfterInitialization(configuration, "configuration");

            Map<String, Object> beans = boundBeans(context);
            assertTrue(beans.keySet().containsAll(List.of("sqsClient", "dataSource", "masker", "deadLetterQueue", "messageSettlement")),
                    beans.keySet().toString());
            beans.forEach((name, bean) -> assertSame(bean, context.getRegistry().lookupByName(name), name + " is made once"));
            SqsRequestCounter counter = (SqsRequestCounter) beans.get("sqsRequests");
            SqsClient client = (SqsClient) beans.get("sqsClient");
            assertTrue(client.serviceClientConfiguration().overrideConfiguration().executionInterceptors().contains(counter),
                    "the client counts into the registry's counter");
            counter.requests().computeIfAbsent("Probe", k -> new LongAdder()).increment();
            assertEquals(counter.total(), ((PipelineMetrics) beans.get("pipelineMetrics")).snapshot().sqsRequests(),
                    "the metrics read that counter");
            client.close();
            ((AutoCloseable) beans.get("dataSource")).close();
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

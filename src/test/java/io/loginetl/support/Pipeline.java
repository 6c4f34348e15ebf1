package io.loginetl.support;

import io.loginetl.LoginEtl;
import org.apache.camel.main.Main;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The real application (Camel Main, the YAML routes from routes/) running in this JVM. */
public final class Pipeline implements AutoCloseable {

    private final Main main;
    private final CompletableFuture<Integer> exit;

    private Pipeline(Main main, CompletableFuture<Integer> exit) {
        this.main = main;
        this.exit = exit;
    }

    public static Pipeline start(Map<String, String> properties) {
        Main main = LoginEtl.newMain();
        properties.forEach(main::addOverrideProperty);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return main.run(new String[0]);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return new Pipeline(main, exit);
    }

    public int awaitExit(Duration timeout) throws Exception {
        return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The running application's CamelContext, to look at what the HTTP endpoints do not show. */
    public org.apache.camel.CamelContext camelContext() {
        return main.getCamelContext();
    }

    public boolean isRunning() {
        return !exit.isDone();
    }

    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            main.completed();
            exit.get(60, TimeUnit.SECONDS);
        }
    }
}

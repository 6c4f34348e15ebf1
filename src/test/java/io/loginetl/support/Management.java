package io.loginetl.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** The management port of a running login-etl: health and Prometheus metrics, as a scraper sees them. */
public final class Management {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String host;
    private final int port;

    public Management(int port) {
        this("127.0.0.1", port);
    }

    /** The port at another address of this machine (the setting camel.management.host decides where it listens). */
    public Management(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public static Management of(Map<String, String> settings) {
        return new Management(Integer.parseInt(settings.get("camel.management.port")));
    }

    /** An HTTP answer; status -1 when nothing listens (yet). */
    public record Answer(int status, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** The "status" field of a health answer, or "" when there is none. */
        public String healthStatus() {
            return status < 0 ? "" : json().path("status").asText();
        }

        /** The status of one named check in a health answer (needs exposureLevel=full to list UP ones). */
        public String check(String name) {
            for (JsonNode check : json().path("checks")) {
                if (name.equals(check.path("name").asText())) {
                    return check.path("status").asText();
                }
            }
            return "";
        }

        /** The message of one named check (a DOWN one, at the default exposure level). */
        public String message(String name) {
            for (JsonNode check : json().path("checks")) {
                if (name.equals(check.path("name").asText())) {
                    return check.path("message").asText();
                }
            }
            return "";
        }
    }

    public Answer get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, e.toString());
        }
    }

    public Answer health() {
        return get("/observe/health");
    }

    public Answer ready() {
        return get("/observe/health/ready");
    }

    /** Waits up to 45 s for readiness to answer {@code status} with {@code state}; fails naming the last answer. */
    public Answer awaitReady(int status, String state) {
        Answer[] last = new Answer[1];
        try {
            await("readiness " + status + " " + state).atMost(Duration.ofSeconds(45)).until(() -> {
                last[0] = ready();
                return last[0].status() == status && state.equals(last[0].healthStatus());
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: " + last[0], e);
        }
        return last[0];
    }

    public Answer live() {
        return get("/observe/health/live");
    }

    public String metricsPage() {
        Answer answer = get("/observe/metrics");
        if (answer.status() != 200) {
            throw new AssertionError("/observe/metrics answered " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }

    /** The Prometheus text page as series → value: {@code name{label="v",...}} (labels as printed) or {@code name}. */
    public static Map<String, Double> parse(String page) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : page.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return series;
    }

    public Map<String, Double> metrics() {
        return parse(metricsPage());
    }
}

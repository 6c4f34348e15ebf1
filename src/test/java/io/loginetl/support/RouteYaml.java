package io.loginetl.support;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A route file as data, for tests that edit it the way a user would: find a route or a step by its id,
 * change it, write the file. Nothing depends on the file's exact text (descriptions, comments, order of
 * keys), only on the ids. Comments are not kept in the written copy.
 */
public final class RouteYaml {

    private final List<Object> document;

    private RouteYaml(List<Object> document) {
        this.document = document;
    }

    @SuppressWarnings("unchecked")
    public static RouteYaml read(Path file) throws IOException {
        Object loaded = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(Files.readString(file));
        return new RouteYaml((List<Object>) loaded);
    }

    /** The route with this id: the map under its {@code route:} key. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> route(String id) {
        for (Object item : document) {
            Map<String, Object> route = (Map<String, Object>) ((Map<String, Object>) item).get("route");
            if (route != null && id.equals(route.get("id"))) {
                return route;
            }
        }
        throw new AssertionError("no route with id " + id);
    }

    /** The route's {@code from:} map (uri, parameters, steps). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> from(String routeId) {
        return (Map<String, Object>) route(routeId).get("from");
    }

    /** Inserts a step (e.g. {@code {filter: {...}}}) right after the step with this id, wherever it is. */
    public void insertAfter(String stepId, Map<String, Object> step) {
        StepPosition position = find(document, stepId);
        if (position == null) {
            throw new AssertionError("no step with id " + stepId);
        }
        position.steps().add(position.index() + 1, step);
    }

    /** The properties of the bean with this name, in a top-level {@code beans:} block. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> beanProperties(String name) {
        for (Object item : document) {
            Object beans = ((Map<String, Object>) item).get("beans");
            if (beans instanceof List<?> list) {
                for (Object bean : list) {
                    if (bean instanceof Map<?, ?> map && name.equals(map.get("name"))) {
                        return (Map<String, Object>) map.get("properties");
                    }
                }
            }
        }
        throw new AssertionError("no bean named " + name);
    }

    /** Removes the step with this id, wherever it is. */
    public void remove(String stepId) {
        StepPosition position = find(document, stepId);
        if (position == null) {
            throw new AssertionError("no step with id " + stepId);
        }
        position.steps().remove(position.index());
    }

    /** A file holding only this route, every id in it (the route's and its steps') given a prefix. */
    public static RouteYaml ofRouteWithPrefixedIds(Map<String, Object> route, String prefix) {
        Map<String, Object> copy = prefixIds(route, prefix);
        List<Object> document = new ArrayList<>();
        document.add(new LinkedHashMap<>(Map.of("route", copy)));
        return new RouteYaml(document);
    }

    public void write(Path file) throws IOException {
        Dump dump = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build());
        Files.writeString(file, dump.dumpToString(document));
    }

    private record StepPosition(List<Object> steps, int index) {
    }

    @SuppressWarnings("unchecked")
    private static StepPosition find(Object node, String stepId) {
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Map<?, ?> step && step.size() == 1
                        && step.values().iterator().next() instanceof Map<?, ?> body && stepId.equals(body.get("id"))) {
                    return new StepPosition((List<Object>) list, i);
                }
                StepPosition inner = find(list.get(i), stepId);
                if (inner != null) {
                    return inner;
                }
            }
        } else if (node instanceof Map<?, ?> map) {
            for (Object value : map.values()) {
                StepPosition inner = find(value, stepId);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static <T> T prefixIds(T node, String prefix) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, "id".equals(k) && v instanceof String s ? prefix + s : prefixIds(v, prefix)));
            return (T) copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(prefixIds(v, prefix)));
            return (T) copy;
        }
        return node;
    }
}

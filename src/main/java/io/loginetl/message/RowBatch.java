package io.loginetl.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch of rows, and the body the insert reads: as a Map it answers each name with one array, that field of
 * every row in order, so one set-based statement inserts the batch ({@code unnest(CAST(:#user_id AS
 * varchar[]), ...)}). camel-sql looks each {@code :#name} up in a Map body, and keeps the body after an insert,
 * so the steps after it get the batch as it was. A name no row has is an array of nulls, like a null field.
 * Arrays are Integer[], Long[] or Boolean[] when every value present is one, else String[] (dates in ISO form,
 * JSON objects and arrays as JSON text), which the statement casts.
 */
public final class RowBatch extends AbstractMap<String, Object> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<LoginRow> rows;
    private long estimatedBytes;
    private final Map<String, Object> columns = new HashMap<>();

    public RowBatch() {
        this(new ArrayList<>());
    }

    private RowBatch(List<LoginRow> rows) {
        this.rows = rows;
        rows.forEach(row -> estimatedBytes += row.estimatedBytes());
    }

    public static RowBatch of(LoginRow row) {
        return new RowBatch(new ArrayList<>(List.of(row)));
    }

    public void add(LoginRow row) {
        rows.add(row);
        estimatedBytes += row.estimatedBytes();
        columns.clear();
    }

    public List<LoginRow> rows() {
        return rows;
    }

    /** The heap its rows hold, estimated ({@link LoginRow#estimatedBytes()}). */
    public long estimatedBytes() {
        return estimatedBytes;
    }

    /** Each row as a batch of its own, for the row-by-row retry: the same insert, one row at a time. */
    public List<RowBatch> rowByRow() {
        return rows.stream().map(RowBatch::of).toList();
    }

    @Override
    public Object get(Object name) {
        return name instanceof String column ? columns.computeIfAbsent(column, this::column) : null;
    }

    @Override
    public boolean containsKey(Object name) {
        return name instanceof String;
    }

    /** Never empty: it answers every name (camel-sql takes an empty Map for no body at all). */
    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(row -> names.addAll(row.columns().keySet()));
        Map<String, Object> all = new HashMap<>();
        names.forEach(name -> all.put(name, get(name)));
        return all.entrySet();
    }

    private Object column(String name) {
        int n = rows.size();
        Object[] values = new Object[n];
        Class<?> type = null;
        for (int i = 0; i < n; i++) {
            Object value = rows.get(i).columns().get(name);
            values[i] = value;
            if (value != null) {
                type = type == null || type == value.getClass() ? value.getClass() : Object.class;
            }
        }
        if (type == Integer.class || type == Long.class || type == Boolean.class) {
            Object[] typed = (Object[]) java.lang.reflect.Array.newInstance(type, n);
            System.arraycopy(values, 0, typed, 0, n);
            return typed;
        }
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) {
            texts[i] = text(values[i]);
        }
        return texts;
    }

    private static String text(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("a field's value cannot be written as JSON (" + e.getClass().getSimpleName() + ")");
            }
        }
        return value.toString();
    }

    /** Identity, as for any batch: a Map's equality would compare every value of every row. */
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    /** The row count only: never a value. */
    @Override
    public String toString() {
        return "RowBatch[" + rows.size() + " rows]";
    }
}

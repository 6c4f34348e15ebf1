package io.loginetl.masking;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.service.ServiceSupport;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mask step: replaces each field it is given in the event (a JSON object) by its token, under the column
 * the route names, and removes the raw value. Declared as a bean in the route file, where its
 * {@code fields} say what is masked and where it goes: {@code ip=masked_ip, device_id=masked_device_id}; a
 * field named alone ({@code user_id}) is masked in place. A field that is null or missing stays null. Its key
 * is the application's {@link Masker} (the registry's one, made from mask.key, mask.mode and mask.ip-mode), found
 * as it starts; or, when the step is given a {@code key} (as the pii-mask-action Kamelet does), a masker of its own
 * made from that key, {@code mode} and {@code ipMode}: the same code, so equal keys and settings give equal tokens.
 */
public class MaskProcessor extends ServiceSupport implements Processor, CamelContextAware {

    /** A masked field and the column its token goes to. */
    public record Target(Field field, String column) {
    }

    private Masker masker;
    private List<Target> targets;
    private CamelContext camelContext;
    private String key;
    private String mode = "siv";
    private String ipMode = "siv";

    public void setMasker(Masker masker) {
        this.masker = masker;
    }

    /** A keyset from keygen, for a step with a key of its own (the Kamelet); the application's otherwise. */
    public void setKey(String key) {
        this.key = key;
    }

    /** With {@link #setKey}: siv or hmac, as mask.mode. */
    public void setMode(String mode) {
        this.mode = mode;
    }

    /** With {@link #setKey}: siv or prefix, as mask.ip-mode. */
    public void setIpMode(String ipMode) {
        this.ipMode = ipMode;
    }

    /** {@code FIELD=COLUMN} or {@code FIELD} (in place), comma-separated. */
    public void setFields(String fields) {
        this.targets = parse(fields);
    }

    public List<Target> targets() {
        return targets == null ? List.of() : targets;
    }

    static List<Target> parse(String fields) {
        List<Target> parsed = new ArrayList<>();
        Set<String> columns = new HashSet<>();
        for (String entry : fields == null ? new String[0] : fields.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split("=", -1);
            if (parts.length > 2 || parts[0].isBlank() || parts.length == 2 && parts[1].isBlank()) {
                throw new IllegalArgumentException("the mask step's fields are FIELD=COLUMN or FIELD, comma-separated"
                        + " (ip=masked_ip, device_id=masked_device_id), not '" + entry.strip() + "'");
            }
            Field field = new Field(parts[0].strip());
            String column = parts.length == 2 ? new Field(parts[1].strip()).name() : field.name();
            if (!columns.add(column)) {
                throw new IllegalArgumentException("the mask step's fields name the column " + column + " twice");
            }
            parsed.add(new Target(field, column));
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("the mask step names no field: fields: ip=masked_ip, device_id=masked_device_id");
        }
        return List.copyOf(parsed);
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /** Checked as the route starts: a mask step without its key or fields would fail every message instead. */
    @Override
    protected void doStart() {
        if (masker == null && key != null && !key.isBlank()) {
            try {
                masker = Masker.of(MaskMode.of(mode), IpMode.of(ipMode), key);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the mask step's key, mode or ipMode is not usable: " + e.getMessage());
            }
        }
        if (masker == null && camelContext != null) {
            masker = camelContext.getRegistry().findSingleByType(Masker.class);
        }
        if (masker == null) {
            throw new IllegalStateException("the mask step has no key: give it one (the Kamelet's secretKey parameter),"
                    + " or run it in login-etl, whose Masker is made from mask.key");
        }
        if (targets == null) {
            throw new IllegalStateException("the mask step has no fields: declare them, e.g. fields: ip=masked_ip, device_id=masked_device_id");
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        if (!(exchange.getMessage().getBody() instanceof Map<?, ?> body)) {
            throw new IllegalStateException("the mask step takes the event as a JSON object (a Map)");
        }
        Map<String, Object> event = (Map<String, Object>) body;
        for (Target target : targets) {
            Object value = event.remove(target.field().name());
            event.put(target.column(), value == null ? null : masker.mask(target.field(), value.toString()));
        }
    }
}

package io.loginetl.masking;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A field of an event that gets masked. Each is its own cryptographic domain, bound into its tokens (see
 * {@link Masker}): a token of one field never equals, or unmasks as, a token of another. A class rather than a
 * record so that its domain bytes are made once, not on every token.
 */
public final class Field {

    private static final Pattern NAME = Pattern.compile("\\w{1,63}");

    public static final Field IP = new Field("ip");
    public static final Field DEVICE_ID = new Field("device_id");
    /** The fields login-etl has always masked: unmask tries these when it is told no others. */
    public static final List<Field> DEFAULTS = List.of(IP, DEVICE_ID);

    private final String name;
    private final byte[] domain;

    /** @param name the field's JSON name, which is also an SQL parameter name: letters, digits and '_' */
    public Field(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a masked field is named with letters, digits and '_' (1 to 63), not '" + name + "'");
        }
        this.name = name;
        this.domain = ("login-etl/" + name).getBytes(StandardCharsets.UTF_8);
    }

    public String name() {
        return name;
    }

    /** "login-etl/" and the name: for ip and device_id the domain tokens were always made in. Not to be changed. */
    byte[] domain() {
        return domain;
    }

    boolean isIp() {
        return name.equals(IP.name);
    }

    boolean isDeviceId() {
        return name.equals(DEVICE_ID.name);
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Field field && name.equals(field.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}

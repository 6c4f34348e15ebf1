package io.loginetl.message;

import java.util.List;

/** The fields of a login event as producers send them (README, Reasons: what each must hold). */
public final class LoginFields {

    public static final String USER_ID = "user_id";
    public static final String DEVICE_TYPE = "device_type";
    public static final String IP = "ip";
    public static final String DEVICE_ID = "device_id";
    public static final String LOCALE = "locale";
    public static final String APP_VERSION = "app_version";
    public static final List<String> ALL = List.of(USER_ID, DEVICE_TYPE, IP, DEVICE_ID, LOCALE, APP_VERSION);

    private LoginFields() {
    }
}

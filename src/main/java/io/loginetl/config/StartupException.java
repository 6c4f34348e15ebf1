package io.loginetl.config;

/** A misconfiguration the operator must fix; its message names the setting and is printed on one line. */
public class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message, null, false, false);
    }
}

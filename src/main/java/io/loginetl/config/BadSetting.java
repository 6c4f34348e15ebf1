package io.loginetl.config;

import java.util.Optional;

/** A setting whose value is not allowed, as the one line that tells the operator what to fix. */
record BadSetting(String key, Optional<String> environmentVariable, String value, Allowed allowed, String detail) {

    /** SQS_RECEIVERS (sqs.receivers), or the key alone when no variable sets it. */
    String name() {
        return environmentVariable.map(variable -> variable + " (" + key + ")").orElse(key);
    }

    /** SQS_RECEIVERS (sqs.receivers) is 0: allowed a whole number from 1 to 64 */
    String line() {
        return name() + " is " + allowed.shown(value) + ": allowed " + allowed.text() + (detail.isEmpty() ? "" : "; " + detail);
    }
}

package io.atcr.hold.config;

/** A configuration problem; its message is one line naming the variable, file or key and what is wrong. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}

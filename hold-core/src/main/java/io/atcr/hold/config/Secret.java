package io.atcr.hold.config;

import java.util.List;

/** A secret from the environment. Its {@code toString} never shows the value, so it cannot leak into logs by accident. */
public record Secret(String value) {
    private static final List<String> KINDS = List.of("sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_");

    public Secret {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a secret cannot be empty");
        }
    }

    /** Shows only the kind of secret (for example {@code sk_test_}) and hides the rest. */
    public String redacted() {
        return KINDS.stream().filter(value::startsWith).findFirst().orElse("") + "…(redacted)";
    }

    @Override
    public String toString() {
        return redacted();
    }
}

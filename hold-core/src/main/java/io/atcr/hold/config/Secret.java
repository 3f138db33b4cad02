package io.atcr.hold.config;

/** A secret from the environment. Its {@code toString} never shows the value, so it cannot leak into logs by accident. */
public record Secret(String value) {
    public Secret {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a secret cannot be empty");
        }
    }

    /** Shows the kind prefix (for example {@code sk_test_}) and hides the rest. */
    public String redacted() {
        int cut = value.indexOf('_', value.indexOf('_') + 1);
        String prefix = cut > 0 && cut < 12 ? value.substring(0, cut + 1) : value.substring(0, Math.min(3, value.length()));
        return prefix + "…(redacted)";
    }

    @Override
    public String toString() {
        return redacted();
    }
}

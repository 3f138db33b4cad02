package io.atcr.hold.crew;

import java.util.Optional;

/**
 * Who set a member's stored tier. Each source's tier is kept apart; the stored tier is the highest configured one
 * among them, so one source clearing its tier (a canceled subscription) never undoes another's (an operator's grant).
 */
public enum TierSource {
    /** {@code crew add --tier}. */
    OPERATOR("operator"),
    /** Hold-side Stripe billing. */
    STRIPE("stripe"),
    /** The AppView's {@code updateCrewTier}. */
    APPVIEW("appview");

    private final String column;

    TierSource(String column) {
        this.column = column;
    }

    /** The name stored in the database and shown by {@code crew list}. */
    public String label() {
        return column;
    }

    static Optional<TierSource> of(String label) {
        for (TierSource source : values()) {
            if (source.column.equals(label)) {
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }
}

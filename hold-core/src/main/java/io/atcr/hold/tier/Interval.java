package io.atcr.hold.tier;

import java.util.Optional;

/** A subscription's billing interval, named on the wire {@code monthly} or {@code yearly}. */
public enum Interval {
    MONTHLY("monthly", "month"),
    YEARLY("yearly", "year");

    private final String wireName;
    private final String stripeName;

    Interval(String wireName, String stripeName) {
        this.wireName = wireName;
        this.stripeName = stripeName;
    }

    public String wireName() {
        return wireName;
    }

    /** Stripe's name for the recurring interval of a Price: {@code month} or {@code year}. */
    public String stripeName() {
        return stripeName;
    }

    public static Optional<Interval> fromWire(String name) {
        for (Interval interval : values()) {
            if (interval.wireName.equals(name)) {
                return Optional.of(interval);
            }
        }
        return Optional.empty();
    }

    public static Optional<Interval> fromStripe(String name) {
        for (Interval interval : values()) {
            if (interval.stripeName.equals(name)) {
                return Optional.of(interval);
            }
        }
        return Optional.empty();
    }
}

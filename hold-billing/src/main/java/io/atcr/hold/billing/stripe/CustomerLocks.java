package io.atcr.hold.billing.stripe;

import java.util.function.Supplier;

/**
 * Serialises the read-from-Stripe-then-store steps about one customer within this process. Without it, two events
 * handled at once could each read Stripe, and the older read could be stored last. Striped, so memory stays fixed.
 */
final class CustomerLocks {
    private static final int STRIPES = 64;

    private final Object[] stripes = new Object[STRIPES];

    public CustomerLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** Runs {@code work} while no other work about the same customer runs; returns its result. */
    public <T> T with(String customerId, Supplier<T> work) {
        synchronized (stripes[Math.floorMod(customerId.hashCode(), STRIPES)]) {
            return work.get();
        }
    }
}

package io.atcr.hold.billing.stripe;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.atcr.hold.time.ClockTicker;
import java.time.Clock;
import java.time.Duration;

/** The module's in-memory caches: ten minutes, bounded, timed by the hold's clock. */
final class Caches {
    public static final Duration TTL = Duration.ofMinutes(10);
    static final long MAX_ENTRIES = 10_000;

    private Caches() {
    }

    public static <K, V> Cache<K, V> create(Clock clock) {
        return Caffeine.newBuilder()
                .expireAfterWrite(TTL)
                .maximumSize(MAX_ENTRIES)
                .ticker(new ClockTicker(clock))
                .build();
    }
}

package io.atcr.hold.time;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Instant;

/** Caffeine's time read from the hold's one clock, so that a test that moves the clock also expires cache entries. */
public final class ClockTicker implements Ticker {
    private final Clock clock;

    public ClockTicker(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long read() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}

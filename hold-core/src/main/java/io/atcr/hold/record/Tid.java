package io.atcr.hold.record;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ATProto record keys: 13 characters of sortable base32 over microseconds since the epoch and a 10-bit clock ID.
 * Keys from one generator strictly increase, even within one microsecond.
 */
public final class Tid {
    private static final String ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";

    private final Clock clock;
    private final long clockId = ThreadLocalRandom.current().nextLong(1024);
    private final AtomicLong last = new AtomicLong();

    public Tid(Clock clock) {
        this.clock = clock;
    }

    public String next() {
        Instant now = clock.instant();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        long value = last.updateAndGet(previous -> Math.max(previous + 1, micros));
        return encode((value << 10) | clockId);
    }

    private static String encode(long value) {
        char[] out = new char[13];
        for (int i = 12; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (value & 31));
            value >>>= 5;
        }
        return new String(out);
    }
}

package io.atcr.hold.storage;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Bytes reserved per user by parts streaming now. Safe on its own from any number of threads: each change is one
 * atomic {@code merge} or {@code computeIfPresent} on a concurrent map, so callers that lock per user (for
 * check-then-reserve) never share a plain map across their locks.
 */
final class Reservations {
    private final ConcurrentHashMap<String, Long> reserved = new ConcurrentHashMap<>();

    void take(String did, long amount) {
        reserved.merge(did, amount, Long::sum);
    }

    /** Gives back what {@link #take} took; the user's entry goes when nothing is left. */
    void release(String did, long amount) {
        reserved.computeIfPresent(did, (d, total) -> total == amount ? null : total - amount);
    }

    long of(String did) {
        return reserved.getOrDefault(did, 0L);
    }

    /** How many users hold a reservation now. */
    int users() {
        return reserved.size();
    }
}

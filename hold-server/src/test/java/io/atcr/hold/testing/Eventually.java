package io.atcr.hold.testing;

import java.util.function.BooleanSupplier;

/**
 * Waiting for something another thread or process does (a file grows, a log line appears, a port opens): the one
 * polling loop of the tests. Time the hold measures is moved with its clock instead; this only waits for work.
 */
public final class Eventually {
    private static final long LIMIT_MILLIS = 30_000;
    private static final long POLL_MILLIS = 20;

    private Eventually() {
    }

    /** Returns once {@code condition} holds; fails the test, saying {@code what} was awaited, after 30 s. */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + LIMIT_MILLIS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + LIMIT_MILLIS / 1000 + " s waiting until " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }
}

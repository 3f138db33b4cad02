package io.atcr.hold.testing;

/**
 * A hold that lets anyone join its crew, with the identity stand-in on the same movable clock: a request that gets
 * past authentication leaves a crew record, so tests of tokens can see whether one got through.
 */
public final class OpenCrewHold implements AutoCloseable {
    public static final String REQUEST_CREW = "io.atcr.hold.requestCrew";

    private final MutableClock clock = MutableClock.atRealTime();
    private final TestIdentities ids = TestIdentities.start(clock);
    private final TestHold hold = TestHold.builder().identities(ids).clock(clock).env("HOLD_ALLOW_ALL_CREW", "true").start();

    public static OpenCrewHold start() {
        return new OpenCrewHold();
    }

    public MutableClock clock() {
        return clock;
    }

    public TestIdentities ids() {
        return ids;
    }

    public TestHold hold() {
        return hold;
    }

    /** {@code requestCrew} with this token as the bearer. */
    public XrpcResponse requestCrew(String token) {
        return hold.post("/xrpc/" + REQUEST_CREW, java.util.Map.of(), "Authorization", "Bearer " + token);
    }

    @Override
    public void close() {
        hold.close();
        ids.close();
    }
}

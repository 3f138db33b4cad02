package io.atcr.hold.testing;

import java.util.function.UnaryOperator;

/**
 * A hold with a crew member who uploads, as most storage tests need: the identity stand-in and the hold on one
 * movable clock, the member in the crew, and the member's {@link Blobs} client. Close it after the test.
 */
public final class UploadingCrew implements AutoCloseable {
    public final MutableClock clock = MutableClock.atRealTime();
    public final TestIdentities ids = TestIdentities.start(clock);
    public final TestHold hold;
    public final Blobs blobs;

    private UploadingCrew(UnaryOperator<TestHold.Builder> customize) {
        this.hold = customize.apply(TestHold.builder().identities(ids).clock(clock)).start();
        this.blobs = newMember();
    }

    public static UploadingCrew start() {
        return new UploadingCrew(UnaryOperator.identity());
    }

    /** Starts with changes to the hold's builder (more environment, a quotas.yaml). */
    public static UploadingCrew start(UnaryOperator<TestHold.Builder> customize) {
        return new UploadingCrew(customize);
    }

    /** A builder for another hold on this crew's database, identities and clock (its storage is the caller's to add). */
    public TestHold.Builder anotherHold() {
        return TestHold.builder().identities(ids).clock(clock).env("HOLD_DATABASE_DIR", hold.env().get("HOLD_DATABASE_DIR"));
    }

    /** Another crew member, with default permissions ({@code crew add} options may follow). */
    public Blobs newMember(String... crewAddOptions) {
        TestIdentities.User user = ids.newUser();
        hold.addCrew(user.did(), crewAddOptions);
        return new Blobs(hold, user);
    }

    @Override
    public void close() {
        hold.close();
        ids.close();
    }
}

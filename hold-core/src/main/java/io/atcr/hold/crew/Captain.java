package io.atcr.hold.crew;

import java.time.Instant;
import java.util.Optional;

/** The captain record: who owns the hold and who may use it. {@code owner} is absent when HOLD_OWNER is not set. */
public record Captain(String owner, boolean publicHold, boolean allowAllCrew, Instant deployedAt) {
    public Optional<String> ownerDid() {
        return Optional.ofNullable(owner);
    }

    public boolean isCaptain(String did) {
        return did != null && did.equals(owner);
    }
}

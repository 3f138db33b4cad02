package io.atcr.hold.crew;

import java.time.Instant;
import java.util.Optional;

/**
 * The captain record's facts: who owns the hold and who may use it.
 *
 * @param owner      the captain's DID ({@code HOLD_OWNER}); null when unset, and then nobody has captain rights
 * @param holdDid    the hold's own DID, which the record names as {@code owner} when there is no captain
 * @param successor  the DID of a hold this one has moved to ({@code HOLD_SUCCESSOR_DID}), or null
 * @param region     the S3 region blobs are stored in, or null with the filesystem driver
 */
public record Captain(String owner, String holdDid, boolean publicHold, boolean allowAllCrew,
                      boolean enableBlueskyPosts, String region, String successor, Instant deployedAt) {
    public Optional<String> ownerDid() {
        return Optional.ofNullable(owner);
    }

    /** The record's {@code owner}: the captain, or the hold itself when it has none (which gives nobody rights). */
    public String recordOwner() {
        return owner == null ? holdDid : owner;
    }

    public boolean isCaptain(String did) {
        return did != null && did.equals(owner);
    }
}

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
    public static final String COLLECTION = "io.atcr.hold.captain";
    public static final String RKEY = "self";

    public Optional<String> ownerDid() {
        return Optional.ofNullable(owner);
    }

    /** The record's {@code owner}: the captain, or the hold itself when it has none (which gives nobody rights). */
    public String recordOwner() {
        return owner == null ? holdDid : owner;
    }

    /** The {@code io.atcr.hold.captain} record value (rkey {@code self}), with its {@code $type}. */
    public java.util.Map<String, Object> recordValue() {
        java.util.Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("$type", COLLECTION);
        value.put("owner", recordOwner());
        value.put("public", publicHold);
        value.put("allowAllCrew", allowAllCrew);
        value.put("enableBlueskyPosts", enableBlueskyPosts);
        value.put("deployedAt", deployedAt.toString());
        if (region != null) {
            value.put("region", region);
        }
        if (successor != null) {
            value.put("successor", successor);
        }
        return value;
    }

    public boolean isCaptain(String did) {
        return did != null && did.equals(owner);
    }
}

package io.atcr.hold.crew;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A crew member as stored: {@code tier} is the tier in their record (a subscription's or one the captain set), absent
 * for most members; the effective tier comes from {@link io.atcr.hold.tier.TierPolicy#effectiveTier}.
 */
public record CrewMember(String did, String rkey, String role, List<String> permissions, String tier,
                         boolean plankowner, Instant addedAt) {
    public static final String DEFAULT_ROLE = "write";
    /** The roles a crew record may hold. */
    public static final List<String> ROLES = List.of("owner", "admin", "write", "read");
    public static final List<String> DEFAULT_PERMISSIONS = List.of(Permission.BLOB_READ, Permission.BLOB_WRITE);

    public CrewMember {
        permissions = List.copyOf(permissions);
    }

    public Optional<String> storedTier() {
        return Optional.ofNullable(tier);
    }

    public boolean may(String permission) {
        return permissions.contains(permission);
    }
}

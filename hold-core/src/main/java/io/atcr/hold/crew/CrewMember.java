package io.atcr.hold.crew;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A crew member as stored. {@code tierSources} holds the tier each source set (operator, Stripe, AppView); {@code tier}
 * is the stored tier, the highest configured one among them, absent for most members. The effective tier comes from
 * {@link io.atcr.hold.quota.QuotaService#tierOf}.
 */
public record CrewMember(String did, String rkey, String role, List<String> permissions, String tier,
                         Map<TierSource, String> tierSources, boolean plankowner, Instant addedAt) {
    public static final String COLLECTION = "io.atcr.hold.crew";
    public static final String DEFAULT_ROLE = "write";
    /** The roles a crew record may hold. */
    public static final List<String> ROLES = List.of("owner", "admin", "write", "read");

    /** The one rule for roles, whoever gives them (crew add, requestCrew, an import): one of {@link #ROLES}. */
    public static boolean isRole(String role) {
        return ROLES.contains(role);
    }
    public static final List<String> DEFAULT_PERMISSIONS = List.of(Permission.BLOB_READ, Permission.BLOB_WRITE);

    public CrewMember {
        permissions = List.copyOf(permissions);
        tierSources = tierSources.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(tierSources));
    }

    /** The tier {@code source} set, if any. */
    public Optional<String> tierFrom(TierSource source) {
        return Optional.ofNullable(tierSources.get(source));
    }

    public Optional<String> storedTier() {
        return Optional.ofNullable(tier);
    }

    /** The {@code io.atcr.hold.crew} record value, with its {@code $type}; {@code tier} is the stored tier. */
    public Map<String, Object> recordValue() {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("$type", COLLECTION);
        value.put("member", did);
        value.put("role", role);
        value.put("permissions", permissions);
        if (tier != null) {
            value.put("tier", tier);
        }
        if (plankowner) {
            value.put("plankowner", true);
        }
        value.put("addedAt", addedAt.toString());
        return value;
    }

    public boolean may(String permission) {
        return permissions.contains(permission);
    }
}

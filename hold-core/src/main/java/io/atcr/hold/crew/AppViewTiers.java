package io.atcr.hold.crew;

import io.atcr.hold.db.Database;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.tier.TierPolicy;
import java.util.Optional;

/**
 * The AppView's tier source ({@code updateCrewTier}): upstream ATCR bills in its AppView and tells each hold a
 * member's tier by rank. The tier is kept as {@link TierSource#APPVIEW}, so it neither undoes nor is undone by the
 * operator's grant or hold-side Stripe billing: the stored tier is the highest of the three.
 */
public final class AppViewTiers {
    private final Database db;
    private final CrewStore crew;
    private final TierPolicy tiers;

    public AppViewTiers(Database db, CrewStore crew, TierPolicy tiers) {
        this.db = db;
        this.crew = crew;
        this.tiers = tiers;
    }

    /**
     * Stores the tier at {@code rank} as the AppView's for {@code did}, in one transaction, and answers the member's
     * effective tier after it (the tier their record gives; the captain has no limit whatever it says). Empty when
     * {@code did} is not crew. Requires quotas on ({@link TierPolicy#quotasOn()}).
     */
    public Optional<Tier> set(String did, long rank) {
        Tier tier = tiers.byRank(rank).orElseThrow(() -> new IllegalStateException("no tiers to rank"));
        return db.transaction(c -> {
            if (crew.setTier(c, did, TierSource.APPVIEW, tier.name()).isEmpty()) {
                return Optional.<Tier>empty();
            }
            CrewMember member = crew.find(c, did).orElseThrow();
            return tiers.effectiveTier(member.tier(), member.plankowner());
        });
    }
}

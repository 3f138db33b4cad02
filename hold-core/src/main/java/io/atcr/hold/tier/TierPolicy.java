package io.atcr.hold.tier;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured tiers, ordered by quota (that order is what "higher tier" means), and the defaults that pick a
 * crew member's tier. With quotas off there are no tiers and nobody has a limit.
 */
public final class TierPolicy {
    private static final TierPolicy OFF = new TierPolicy(List.of(), null, null);

    private final List<Tier> tiers;
    private final String newCrewTier;
    private final String plankownerTier;

    private TierPolicy(List<Tier> tiers, String newCrewTier, String plankownerTier) {
        this.tiers = tiers;
        this.newCrewTier = newCrewTier;
        this.plankownerTier = plankownerTier;
    }

    /** No quotas.yaml: quotas and billing are off. */
    public static TierPolicy off() {
        return OFF;
    }

    /** Tiers in any order; ties in quota keep the given order. Both defaults must name one of the tiers. */
    public static TierPolicy of(List<Tier> tiers, String newCrewTier, String plankownerTier) {
        List<Tier> ordered = tiers.stream().sorted(Comparator.comparingLong(Tier::quotaBytes)).toList();
        TierPolicy policy = new TierPolicy(ordered, newCrewTier, plankownerTier);
        if (policy.find(newCrewTier).isEmpty() || policy.find(plankownerTier).isEmpty()) {
            throw new IllegalArgumentException("defaults must name configured tiers");
        }
        return policy;
    }

    public boolean quotasOn() {
        return !tiers.isEmpty();
    }

    /** Ascending by quota. */
    public List<Tier> tiers() {
        return tiers;
    }

    public Optional<Tier> find(String name) {
        return tiers.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The tier (and interval) whose Stripe Price ID this is. */
    public Optional<Map.Entry<Tier, Interval>> byPriceId(String priceId) {
        for (Tier tier : tiers) {
            for (Map.Entry<Interval, String> price : tier.prices().entrySet()) {
                if (price.getValue().equals(priceId)) {
                    return Optional.of(Map.entry(tier, price.getKey()));
                }
            }
        }
        return Optional.empty();
    }

    /** What a crew member has without a subscription: the plankowner tier for plankowners, else the new-crew tier. */
    public Optional<Tier> freeTier(boolean plankowner) {
        return find(plankowner ? plankownerTier : newCrewTier);
    }

    /**
     * A crew member's effective tier: the stored tier when it names a configured one, else their free tier; a
     * plankowner never falls below the plankowner tier. Empty when quotas are off.
     */
    public Optional<Tier> effectiveTier(String storedTier, boolean plankowner) {
        Optional<Tier> free = freeTier(plankowner);
        Optional<Tier> stored = storedTier == null ? Optional.empty() : find(storedTier);
        if (stored.isEmpty()) {
            return free;
        }
        return plankowner ? Optional.of(higher(stored.get(), free.orElseThrow())) : stored;
    }

    /**
     * The tier at {@code rank} in {@link #tiers()} order (0 = smallest), as upstream's AppView names tiers; a rank past
     * the end is the highest tier. Empty when quotas are off.
     */
    public Optional<Tier> byRank(long rank) {
        if (tiers.isEmpty() || rank < 0) {
            return Optional.empty();
        }
        return Optional.of(tiers.get((int) Math.min(rank, tiers.size() - 1)));
    }

    public Tier higher(Tier a, Tier b) {
        return tiers.indexOf(b) > tiers.indexOf(a) ? b : a;
    }
}

package io.atcr.hold.crew;

/** A change of a crew member's stored tier ({@code null} meaning "no stored tier": their free tier). */
public record TierChange(String did, String oldTier, String newTier) {
    public boolean changed() {
        return oldTier == null ? newTier != null : !oldTier.equals(newTier);
    }
}

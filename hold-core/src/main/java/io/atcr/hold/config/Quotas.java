package io.atcr.hold.config;

import io.atcr.hold.billing.BillingSettings;
import io.atcr.hold.tier.TierPolicy;

/** What quotas.yaml says: the tiers and the billing section. Without the file, quotas and billing are off. */
public record Quotas(TierPolicy tiers, BillingSettings billing) {
}

package io.atcr.hold.billing;

import io.atcr.hold.config.HoldConfig;
import io.atcr.hold.crew.Captain;
import io.atcr.hold.crew.CrewStore;
import io.atcr.hold.identity.HoldIdentity;
import io.atcr.hold.quota.QuotaService;
import io.atcr.hold.tier.TierPolicy;
import java.time.Clock;

/**
 * What the core gives a billing module: configuration, the tiers, crew lookups, usage, the ledger through which
 * tiers change (each change one transaction), the directory of members' customers, and the hold's one clock.
 */
public record BillingContext(
        HoldConfig config,
        HoldIdentity identity,
        TierPolicy tiers,
        BillingSettings settings,
        Captain captain,
        CrewStore crew,
        QuotaService quota,
        TierLedger ledger,
        CustomerDirectory customers,
        Clock clock) {
}

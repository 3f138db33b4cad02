package io.atcr.hold.billing.stripe;

import com.stripe.param.CustomerListParams;
import io.atcr.hold.billing.TierLedger;
import io.atcr.hold.crew.CrewMember;
import io.atcr.hold.crew.CrewStore;
import io.atcr.hold.crew.TierChange;
import io.atcr.hold.crew.TierSource;
import io.atcr.hold.tier.TierPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code billing sync}: walks every Stripe customer of this hold (by listing, which does not lag as search does),
 * recomputes each subscriber's tier from their subscriptions, and stores it; recovers from missed webhooks.
 */
final class BillingSync {
    private final StripeApi stripe;
    private final CustomerLocks locks;
    private final Subscriptions subscriptions;
    private final TierPolicy tiers;
    private final CrewStore crew;
    private final TierLedger ledger;
    private final String holdDid;

    public BillingSync(StripeApi stripe, CustomerLocks locks, Subscriptions subscriptions, TierPolicy tiers,
                       CrewStore crew, TierLedger ledger, String holdDid) {
        this.stripe = stripe;
        this.locks = locks;
        this.subscriptions = subscriptions;
        this.tiers = tiers;
        this.crew = crew;
        this.ledger = ledger;
        this.holdDid = holdDid;
    }

    /** The changes found (and, unless {@code dryRun}, applied, each in its own transaction). */
    public List<TierChange> run(boolean dryRun) {
        List<TierChange> changes = new ArrayList<>();
        for (CustomerOwner owner : ourCustomers()) {
            locks.with(owner.customerId(), () -> resync(owner, dryRun)).ifPresent(changes::add);
        }
        return changes;
    }

    private Optional<TierChange> resync(CustomerOwner owner, boolean dryRun) {
        Optional<CrewMember> member = crew.find(owner.userDid());
        if (member.isEmpty()) {
            return Optional.empty();
        }
        TierDecision decision = TierDecision.of(tiers, subscriptions.fresh(owner.customerId()));
        String target = decision.storedTier().orElse(null);
        String current = member.get().tierFrom(TierSource.STRIPE).orElse(null);
        if (decision instanceof TierDecision.UnknownPrices || Objects.equals(current, target)) {
            return Optional.empty();
        }
        if (!dryRun) {
            ledger.setTier(owner.userDid(), target);
        }
        return Optional.of(new TierChange(owner.userDid(), current, target));
    }

    private List<CustomerOwner> ourCustomers() {
        return stripe.listAll("listing customers", (client, after) -> client.v1().customers()
                        .list(CustomerListParams.builder().setLimit(100L).setStartingAfter(after).build()))
                .stream().map(Customers::ownerOf)
                .filter(owner -> holdDid.equals(owner.holdDid()) && owner.userDid() != null && !owner.deleted())
                .toList();
    }
}

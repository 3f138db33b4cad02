package io.atcr.hold.billing.stripe;

import io.atcr.hold.billing.TierLedger;
import io.atcr.hold.tier.TierPolicy;
import io.atcr.hold.failure.Failure;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a Stripe webhook turns into a tier change, top to bottom: verify the signature over the raw bytes, read the
 * event's ID, type and customer, skip an event already handled, find whose customer it is, fetch the customer's
 * subscriptions from Stripe (never trusting the event's copy, since Stripe delivers out of order and more than once),
 * derive the tier, and commit the tier with the event ID in one transaction. Thread-safe.
 */
final class Webhooks {
    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    /** Events that can change a tier; each is answered by re-reading the customer's subscriptions. */
    private static final Set<String> TIER_EVENTS = Set.of(
            "checkout.session.completed",
            "customer.subscription.created",
            "customer.subscription.updated",
            "customer.subscription.paused",
            "customer.subscription.resumed",
            "customer.subscription.deleted");
    private static final String PAYMENT_FAILED = "invoice.payment_failed";

    private final WebhookSignature signature;
    private final Customers customers;
    private final CustomerLocks locks;
    private final Subscriptions subscriptions;
    private final TierPolicy tiers;
    private final TierLedger ledger;
    private final String holdDid;

    public Webhooks(WebhookSignature signature, Customers customers, CustomerLocks locks, Subscriptions subscriptions,
                    TierPolicy tiers, TierLedger ledger, String holdDid) {
        this.signature = signature;
        this.customers = customers;
        this.locks = locks;
        this.subscriptions = subscriptions;
        this.tiers = tiers;
        this.ledger = ledger;
        this.holdDid = holdDid;
    }

    /**
     * Handles one delivery. Returns when the event was applied or deliberately ignored.
     *
     * @throws Failure 400 for a bad or stale signature or a body that is no event (nothing changed); 502 when
     *                       Stripe failed, and {@link io.atcr.hold.db.DatabaseException} when the database did: in
     *                       both cases nothing was recorded, so Stripe's retry applies the event
     */
    public void handle(byte[] rawBody, String signatureHeader) {
        try {
            signature.verify(rawBody, signatureHeader);
        } catch (Failure e) {
            log.warn("stripe webhook refused: {}", e.getMessage());
            throw e;
        }
        StripeEvent event = StripeEvent.parse(rawBody);
        Outcome outcome;
        try {
            outcome = ledger.alreadyApplied(event.id()) ? new Outcome.AlreadyHandled() : apply(event);
        } catch (RuntimeException e) {
            log.warn("stripe event {} {}: not applied, Stripe will retry: {}", event.id(), event.type(), e.getMessage());
            throw e;
        }
        logOutcome(event, outcome);
    }

    private Outcome apply(StripeEvent event) {
        boolean tierEvent = TIER_EVENTS.contains(event.type());
        if (!tierEvent && !event.type().equals(PAYMENT_FAILED)) {
            return ignore(event, null, null, "the hold does not act on this event type");
        }
        if (event.customer().isEmpty()) {
            return ignore(event, null, null, "the event names no customer");
        }
        String customerId = event.customerId();
        Optional<CustomerOwner> found = customers.owner(customerId);
        if (found.isEmpty()) {
            return ignore(event, customerId, null, "Stripe does not know this customer");
        }
        CustomerOwner owner = found.get();
        // A deleted customer has lost its metadata; the subscription's own metadata (set at checkout) still names it.
        String customerHold = owner.deleted() ? event.metadataHoldDid() : owner.holdDid();
        String did = owner.deleted() ? event.metadataUserDid() : owner.userDid();
        if (!holdDid.equals(customerHold)) {
            return ignore(event, customerId, did, customerHold == null ? "the customer has no hold_did metadata"
                    : "the customer belongs to another hold (" + customerHold + ")");
        }
        if (did == null) {
            return ignore(event, customerId, null, "the customer has no user_did metadata");
        }
        if (owner.deleted()) {
            customers.forgetDeleted(did, customerId);
        } else {
            customers.forget(did);
        }
        subscriptions.forget(customerId);
        if (!tierEvent) {
            ledger.recordIgnored(event.id(), event.type());
            return new Outcome.PaymentFailed(customerId, did);
        }
        return locks.with(customerId, () -> applyCurrentState(event, customerId, did, owner.deleted()));
    }

    /** The tier from the customer's subscriptions as Stripe has them now, stored with the event ID. */
    private Outcome applyCurrentState(StripeEvent event, String customerId, String did, boolean customerDeleted) {
        List<SubscriptionFacts> current = customerDeleted ? List.of() : subscriptions.fresh(customerId);
        if (!customerDeleted) {
            customers.remember(did, customerId); // the next getSubscriptionInfo needs no search
        }
        TierDecision decision = TierDecision.of(tiers, current);
        if (decision instanceof TierDecision.UnknownPrices unknown) {
            return ignore(event, customerId, did, "no tier names the price(s) " + unknown.priceIds());
        }
        TierLedger.Result result = ledger.applyEvent(event.id(), event.type(), did, decision.storedTier().orElse(null));
        if (result instanceof TierLedger.Applied applied) {
            return new Outcome.Applied(customerId, applied.change());
        }
        if (result instanceof TierLedger.NotCrew) {
            return new Outcome.Ignored(customerId, did, "the DID is not crew of this hold");
        }
        return new Outcome.AlreadyHandled(); // a concurrent delivery of the same event won the race
    }

    private Outcome ignore(StripeEvent event, String customerId, String did, String reason) {
        ledger.recordIgnored(event.id(), event.type());
        return new Outcome.Ignored(customerId, did, reason);
    }

    private static void logOutcome(StripeEvent event, Outcome outcome) {
        if (outcome instanceof Outcome.Applied applied) {
            log.info("stripe event {} {} customer={} did={}: tier {} -> {}", event.id(), event.type(),
                    applied.customerId(), applied.change().did(), tierName(applied.change().oldTier()),
                    tierName(applied.change().newTier()));
        } else if (outcome instanceof Outcome.Ignored ignored) {
            log.info("stripe event {} {} customer={} did={}: ignored, {}", event.id(), event.type(),
                    orDash(ignored.customerId()), orDash(ignored.did()), ignored.reason());
        } else if (outcome instanceof Outcome.PaymentFailed failed) {
            log.warn("stripe event {} {} customer={} did={}: a payment failed; the tier stays until Stripe cancels "
                    + "the subscription", event.id(), event.type(), failed.customerId(), failed.did());
        } else {
            log.info("stripe event {} {}: already handled, ignored", event.id(), event.type());
        }
    }

    private static String tierName(String stored) {
        return stored == null ? "(free)" : stored;
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}

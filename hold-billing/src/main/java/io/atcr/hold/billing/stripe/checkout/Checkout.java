package io.atcr.hold.billing.stripe.checkout;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import io.atcr.hold.billing.BillingSettings;
import io.atcr.hold.billing.CheckoutResult;
import io.atcr.hold.billing.CheckoutSession;
import io.atcr.hold.billing.TierLedger;
import io.atcr.hold.billing.stripe.StripeApi;
import io.atcr.hold.billing.stripe.customer.CustomerLocks;
import io.atcr.hold.billing.stripe.customer.CustomerOwner;
import io.atcr.hold.billing.stripe.customer.Customers;
import io.atcr.hold.billing.stripe.subscription.Subscriptions;
import io.atcr.hold.billing.stripe.subscription.TierDecision;
import io.atcr.hold.crew.Captain;
import io.atcr.hold.crew.CrewMember;
import io.atcr.hold.crew.CrewStore;
import io.atcr.hold.tier.Interval;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.tier.TierPolicy;
import io.atcr.hold.xrpc.XrpcException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Selling a tier: {@code createCheckoutSession} opens a Stripe Checkout Session for the caller's customer, and
 * {@code /billing/success} applies the tier of a completed one at once, before its webhook arrives. Thread-safe.
 */
public final class Checkout {
    private static final Pattern SESSION_ID = Pattern.compile("cs_[A-Za-z0-9_]{1,200}");
    static final String TIER = "tier";

    private final StripeApi stripe;
    private final Customers customers;
    private final CustomerLocks locks;
    private final Subscriptions subscriptions;
    private final TierPolicy tiers;
    private final BillingSettings settings;
    private final Captain captain;
    private final CrewStore crew;
    private final TierLedger ledger;
    private final String holdDid;

    public Checkout(StripeApi stripe, Customers customers, CustomerLocks locks, Subscriptions subscriptions,
                    TierPolicy tiers, BillingSettings settings, Captain captain, CrewStore crew, TierLedger ledger,
                    String holdDid) {
        this.stripe = stripe;
        this.customers = customers;
        this.locks = locks;
        this.subscriptions = subscriptions;
        this.tiers = tiers;
        this.settings = settings;
        this.captain = captain;
        this.crew = crew;
        this.ledger = ledger;
        this.holdDid = holdDid;
    }

    /**
     * A Checkout Session in subscription mode for the tier's price at this interval.
     *
     * @throws XrpcException 400 {@code InvalidTier} or {@code InvalidInterval}, 403 {@code NotCrewMember},
     *                       409 {@code SubscriptionExists}, 502 when Stripe failed
     */
    public CheckoutSession create(String did, String tierName, String intervalName) {
        Tier tier = tiers.find(tierName).filter(t -> !t.free()).orElseThrow(() -> XrpcException.badRequest("InvalidTier",
                "'" + tierName + "' is not a tier for sale on this hold; tiers for sale: " + forSale()));
        Interval interval = Interval.fromWire(intervalName).orElseThrow(() -> XrpcException.badRequest("InvalidInterval",
                "interval must be 'monthly' or 'yearly', not '" + intervalName + "'"));
        String priceId = tier.priceId(interval).orElseThrow(() -> XrpcException.badRequest("InvalidInterval",
                "tier " + tier.name() + " has no " + interval.wireName() + " price; it is sold "
                        + tier.prices().keySet().stream().map(Interval::wireName).sorted().toList()));
        requireCrew(did);
        String customerId = customers.findOrCreate(did);
        if (subscriptions.fresh(customerId).stream().anyMatch(s -> s.live())) {
            throw XrpcException.conflict("SubscriptionExists", "you already have a subscription on this hold; "
                    + "change or cancel it in the billing portal (getBillingPortalUrl)");
        }
        Map<String, String> metadata = Map.of(CustomerOwner.USER_DID, did, CustomerOwner.HOLD_DID, holdDid, TIER, tier.name());
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setCustomer(customerId)
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
                .setSuccessUrl(withSessionId(settings.successUrl()))
                .setCancelUrl(settings.cancelUrl())
                .setClientReferenceId(did)
                .putAllMetadata(metadata)
                .setSubscriptionData(SessionCreateParams.SubscriptionData.builder().putAllMetadata(metadata).build())
                .build();
        Session session = stripe.call("opening a checkout for " + did,
                client -> client.v1().checkout().sessions().create(params));
        return new CheckoutSession(session.getUrl(), session.getId());
    }

    /**
     * Applies the tier of a completed Checkout Session of this hold; a session not yet paid changes nothing.
     *
     * @throws XrpcException 400 for a malformed ID, 404 {@code SessionNotFound}, 502 when Stripe failed
     */
    public CheckoutResult complete(String sessionId) {
        if (!SESSION_ID.matcher(sessionId).matches()) {
            throw XrpcException.invalidRequest("session_id must be a Stripe Checkout Session ID (cs_…)");
        }
        Session session = stripe.callOrMissing("reading checkout session " + sessionId,
                        client -> client.v1().checkout().sessions().retrieve(sessionId))
                .filter(s -> s.getMetadata() != null && holdDid.equals(s.getMetadata().get(CustomerOwner.HOLD_DID)))
                .orElseThrow(() -> XrpcException.notFound("SessionNotFound",
                        "no checkout session " + sessionId + " of this hold; start again from the hold's billing page"));
        String did = Optional.ofNullable(session.getMetadata().get(CustomerOwner.USER_DID))
                .orElse(session.getClientReferenceId());
        boolean paid = "complete".equals(session.getStatus()) && session.getCustomer() != null && did != null;
        if (paid) {
            locks.with(session.getCustomer(), () -> {
                TierDecision decision = TierDecision.of(tiers, subscriptions.fresh(session.getCustomer()));
                customers.remember(did, session.getCustomer());
                // Only a paying subscription sets the tier here; a lapse is the webhooks' business.
                return decision.storedTier().flatMap(tier -> ledger.setTier(did, tier));
            });
        }
        return new CheckoutResult(effectiveTier(did), paid);
    }

    private String effectiveTier(String did) {
        Optional<CrewMember> member = did == null ? Optional.empty() : crew.find(did);
        return tiers.effectiveTier(member.map(CrewMember::tier).orElse(null), member.map(CrewMember::plankowner).orElse(false))
                .map(Tier::name).orElse("unlimited");
    }

    private void requireCrew(String did) {
        if (crew.find(did).isPresent()) {
            return;
        }
        if (!captain.allowAllCrew()) {
            throw XrpcException.forbidden("NotCrewMember", did + " is not crew of this hold; ask the captain to add "
                    + "you (or call requestCrew when the hold lets anyone join)");
        }
        crew.join(did, CrewMember.DEFAULT_ROLE, CrewMember.DEFAULT_PERMISSIONS);
    }

    private String forSale() {
        return tiers.tiers().stream().filter(t -> !t.free()).map(Tier::name).toList().toString();
    }

    static String withSessionId(String successUrl) {
        return successUrl + (successUrl.contains("?") ? "&" : "?") + "session_id={CHECKOUT_SESSION_ID}";
    }
}

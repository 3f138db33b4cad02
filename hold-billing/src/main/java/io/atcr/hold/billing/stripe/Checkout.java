package io.atcr.hold.billing.stripe;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionListParams;
import io.atcr.hold.billing.BillingContext;
import io.atcr.hold.billing.CheckoutResult;
import io.atcr.hold.billing.CheckoutSession;
import io.atcr.hold.crew.CrewMember;
import io.atcr.hold.tier.Interval;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.tier.TierPolicy;
import io.atcr.hold.failure.Failure;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Selling a tier: {@code createCheckoutSession} opens a Stripe Checkout Session for the caller's customer, and
 * {@code /billing/success} applies the tier of a completed one at once, before its webhook arrives. A caller never
 * has two open sessions: calls about one customer run one at a time, an open session for the same tier and interval
 * is answered again, and one for another is expired first. Thread-safe.
 */
final class Checkout {
    private static final Pattern SESSION_ID = Pattern.compile("cs_[A-Za-z0-9_]{1,200}");
    static final String TIER = "tier";
    static final String INTERVAL = "interval";

    private final StripeApi stripe;
    private final Customers customers;
    private final CustomerLocks locks;
    private final Subscriptions subscriptions;
    private final BillingContext context;
    private final TierPolicy tiers;
    private final String holdDid;

    public Checkout(StripeApi stripe, Customers customers, CustomerLocks locks, Subscriptions subscriptions,
                    BillingContext context) {
        this.stripe = stripe;
        this.customers = customers;
        this.locks = locks;
        this.subscriptions = subscriptions;
        this.context = context;
        this.tiers = context.tiers();
        this.holdDid = context.identity().did();
    }

    /**
     * A Checkout Session in subscription mode for the tier's price at this interval.
     *
     * @throws Failure 400 {@code InvalidTier} or {@code InvalidInterval}, 403 {@code NotCrewMember},
     *                       409 {@code SubscriptionExists}, 502 when Stripe failed
     */
    public CheckoutSession create(String did, String tierName, String intervalName) {
        Tier tier = tiers.find(tierName).filter(t -> !t.free()).orElseThrow(() -> Failure.badRequest("InvalidTier",
                "'" + tierName + "' is not a tier for sale on this hold; tiers for sale: " + forSale()));
        Interval interval = Interval.fromWire(intervalName).orElseThrow(() -> Failure.badRequest("InvalidInterval",
                "interval must be 'monthly' or 'yearly', not '" + intervalName + "'"));
        String priceId = tier.priceId(interval).orElseThrow(() -> Failure.badRequest("InvalidInterval",
                "tier " + tier.name() + " has no " + interval.wireName() + " price; it is sold "
                        + tier.prices().keySet().stream().map(Interval::wireName).sorted().toList()));
        requireCrew(did);
        String customerId = customers.liveCustomer(did);
        return locks.with(customerId, () -> openOrReuse(did, customerId, tier, interval, priceId));
    }

    private CheckoutSession openOrReuse(String did, String customerId, Tier tier, Interval interval, String priceId) {
        if (subscriptions.fresh(customerId).stream().anyMatch(SubscriptionFacts::live)) {
            throw Failure.conflict("SubscriptionExists", "you already have a subscription on this hold; "
                    + "change or cancel it in the billing portal (getBillingPortalUrl)");
        }
        for (Session open : openSessions(customerId)) {
            Map<String, String> meta = open.getMetadata() == null ? Map.of() : open.getMetadata();
            if (tier.name().equals(meta.get(TIER)) && interval.wireName().equals(meta.get(INTERVAL)) && open.getUrl() != null) {
                return new CheckoutSession(open.getUrl(), open.getId());
            }
            stripe.call("expiring the earlier checkout " + open.getId() + " of " + did,
                    client -> client.v1().checkout().sessions().expire(open.getId()));
        }
        Map<String, String> metadata = Map.of(CustomerOwner.USER_DID, did, CustomerOwner.HOLD_DID, holdDid,
                TIER, tier.name(), INTERVAL, interval.wireName());
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setCustomer(customerId)
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
                .setSuccessUrl(withSessionId(context.settings().successUrl()))
                .setCancelUrl(context.settings().cancelUrl())
                .setClientReferenceId(did)
                .putAllMetadata(metadata)
                .setSubscriptionData(SessionCreateParams.SubscriptionData.builder().putAllMetadata(metadata).build())
                .build();
        Session session = stripe.call("opening a checkout for " + did,
                client -> client.v1().checkout().sessions().create(params));
        return new CheckoutSession(session.getUrl(), session.getId());
    }

    /** The customer's open Checkout Sessions, read page by page to the end. */
    private List<Session> openSessions(String customerId) {
        return stripe.listAll("listing the open checkouts of customer " + customerId,
                (client, after) -> client.v1().checkout().sessions().list(SessionListParams.builder().setCustomer(customerId)
                        .setStatus(SessionListParams.Status.OPEN).setLimit(100L).setStartingAfter(after).build()));
    }

    /**
     * Applies the tier of a completed Checkout Session of this hold; a session not yet paid changes nothing.
     *
     * @throws Failure 400 for a malformed ID, 404 {@code SessionNotFound}, 502 when Stripe failed
     */
    public CheckoutResult complete(String sessionId) {
        if (!SESSION_ID.matcher(sessionId).matches()) {
            throw Failure.invalidRequest("session_id must be a Stripe Checkout Session ID (cs_…)");
        }
        Session session = stripe.callOrMissing("reading checkout session " + sessionId,
                        client -> client.v1().checkout().sessions().retrieve(sessionId))
                .filter(s -> s.getMetadata() != null && holdDid.equals(s.getMetadata().get(CustomerOwner.HOLD_DID)))
                .orElseThrow(() -> Failure.notFound("SessionNotFound",
                        "no checkout session " + sessionId + " of this hold; start again from the hold's billing page"));
        String did = Optional.ofNullable(session.getMetadata().get(CustomerOwner.USER_DID))
                .orElse(session.getClientReferenceId());
        boolean paid = "complete".equals(session.getStatus()) && session.getCustomer() != null && did != null;
        if (paid) {
            locks.with(session.getCustomer(), () -> {
                TierDecision decision = TierDecision.of(tiers, subscriptions.fresh(session.getCustomer()));
                customers.remember(did, session.getCustomer());
                // Only a paying subscription sets the tier here; a lapse is the webhooks' business.
                return decision.storedTier().flatMap(tier -> context.ledger().setTier(did, tier));
            });
        }
        return new CheckoutResult(effectiveTier(did), paid);
    }

    private String effectiveTier(String did) {
        return did == null ? "unlimited" : context.quota().tierOf(did).map(Tier::name).orElse("unlimited");
    }

    private void requireCrew(String did) {
        if (context.crew().find(did).isPresent()) {
            return;
        }
        if (!context.captain().allowAllCrew()) {
            throw Failure.forbidden("NotCrewMember", did + " is not crew of this hold; ask the captain to add "
                    + "you (or call requestCrew when the hold lets anyone join)");
        }
        context.crew().join(did, CrewMember.DEFAULT_ROLE, CrewMember.DEFAULT_PERMISSIONS);
    }

    private String forSale() {
        return tiers.tiers().stream().filter(t -> !t.free()).map(Tier::name).toList().toString();
    }

    static String withSessionId(String successUrl) {
        return successUrl + (successUrl.contains("?") ? "&" : "?") + "session_id={CHECKOUT_SESSION_ID}";
    }
}

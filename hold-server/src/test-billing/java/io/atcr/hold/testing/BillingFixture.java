package io.atcr.hold.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A hold selling the example tiers of {@link Quotas#EXAMPLE_WITH_BILLING} through a {@link StripeStandIn}, with
 * {@link TestIdentities} for callers' tokens; and the steps tests share: a crew member, a checkout, a payment in
 * Stripe, a signed webhook. Close it after the test.
 */
public final class BillingFixture implements AutoCloseable {
    /** Test secrets; tests assert that neither ever shows in a log. */
    public static final String SECRET_KEY = "sk_test_standin_SECRET_key_value";
    public static final String WEBHOOK_SECRET = "whsec_standin_WEBHOOK_secret_value";
    public static final String INFO = "io.atcr.hold.getSubscriptionInfo";
    public static final String CHECKOUT = "io.atcr.hold.createCheckoutSession";
    public static final String PORTAL = "io.atcr.hold.getBillingPortalUrl";
    public static final String WEBHOOK = "io.atcr.hold.stripeWebhook";

    public final StripeStandIn stripe;
    public final TestIdentities ids;
    public final TestHold hold;
    /** The AppView the hold trusts (HOLD_APPVIEW_DID): both billing designs run side by side, as operators may run them. */
    public final TestIdentities.User appView;

    private BillingFixture(UnaryOperator<TestHold.Builder> customize) {
        MutableClock clock = MutableClock.atRealTime();
        this.stripe = StripeStandIn.start(clock);
        stripe.objects().examplePrices();
        this.ids = TestIdentities.start(clock);
        this.appView = ids.newWebUser();
        this.hold = customize.apply(builder(stripe).identities(ids).clock(clock)
                .env("HOLD_APPVIEW_DID", appView.did())).start();
    }

    public static BillingFixture start() {
        return new BillingFixture(UnaryOperator.identity());
    }

    /** Starts with changes to the hold's builder (more environment, another quotas.yaml). */
    public static BillingFixture start(UnaryOperator<TestHold.Builder> customize) {
        return new BillingFixture(customize);
    }

    /** A builder with billing on against {@code stripe}. */
    public static TestHold.Builder builder(StripeStandIn stripe) {
        return TestHold.builder()
                .quotas(Quotas.EXAMPLE_WITH_BILLING)
                .env("STRIPE_SECRET_KEY", SECRET_KEY)
                .env("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
                .env("STRIPE_API_BASE", stripe.url());
    }

    /** A new user who is crew of the hold ({@code crew add} options may follow, like {@code --plankowner}). */
    public TestIdentities.User crewMember(String... crewAddOptions) {
        TestIdentities.User user = ids.newUser();
        hold.addCrew(user.did(), crewAddOptions);
        return user;
    }

    public XrpcResponse info(TestIdentities.User user) {
        return hold.get("/xrpc/" + INFO, "Authorization", user.bearer(INFO));
    }

    public XrpcResponse checkout(TestIdentities.User user, String tier, String interval) {
        return hold.post("/xrpc/" + CHECKOUT, Map.of("tier", tier, "interval", interval),
                "Authorization", user.bearer(CHECKOUT));
    }

    /** Checkout and payment, without any webhook yet; returns the subscription's ID. */
    public String pay(TestIdentities.User user, String tier, String interval) {
        XrpcResponse session = checkout(user, tier, interval);
        if (session.status() != 200) {
            throw new IllegalStateException(session.body());
        }
        return stripe.objects().completeCheckout(session.json().path("sessionId").asText());
    }

    /** Checkout, payment, and the subscription's {@code created} webhook; returns the subscription's ID. */
    public String subscribe(TestIdentities.User user, String tier, String interval) {
        String subscription = pay(user, tier, interval);
        deliverAbout("customer.subscription.created", subscription);
        return subscription;
    }

    /** Delivers an event of this type whose object is the subscription as Stripe has it now. */
    public XrpcResponse deliverAbout(String type, String subscriptionId) {
        return deliver(StripeEvents.event(type, stripe.objects().subscriptionJson(subscriptionId)));
    }

    /** Delivers an event signed now by the hold's clock, as Stripe would. */
    public XrpcResponse deliver(String payload) {
        return deliver(payload, StripeEvents.signature(WEBHOOK_SECRET, hold.clock().instant().getEpochSecond(), payload));
    }

    public XrpcResponse deliver(String payload, String signature) {
        return hold.post("/xrpc/" + WEBHOOK, payload, "Stripe-Signature", signature);
    }

    /** The AppView's updateCrewTier for {@code user}. */
    public XrpcResponse appViewSets(TestIdentities.User user, int tierRank) {
        return hold.post("/xrpc/io.atcr.hold.updateCrewTier", Map.of("userDid", user.did(), "tierRank", tierRank),
                "Authorization", "Bearer " + appView.token(TestHold.HOLD_DID, "io.atcr.hold.updateCrewTier"));
    }

    /** The member's effective tier, as getQuota reports it. */
    public String tierOf(TestIdentities.User user) {
        JsonNode quota = hold.get("/xrpc/io.atcr.hold.getQuota?userDid=" + user.did()).json();
        return quota.path("tier").asText(null);
    }

    @Override
    public void close() {
        hold.close();
        ids.close();
        stripe.close();
    }
}

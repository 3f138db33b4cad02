package io.atcr.hold.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.billing.Billing;
import io.atcr.hold.billing.BillingService;

/** A {@link TestHold} selling the example tiers through a {@link StripeStandIn}, and delivering signed webhooks. */
public final class BillingHold {
    /** Test secrets; tests assert that neither ever shows in a log. */
    public static final String SECRET_KEY = "sk_test_standin0SECRET0key0value";
    public static final String WEBHOOK_SECRET = "whsec_standin0WEBHOOK0secret0value";
    public static final String WEBHOOK = "/xrpc/io.atcr.hold.stripeWebhook";

    private BillingHold() {
    }

    /** A builder with billing on against the stand-in; add crew, clock or env before starting. */
    public static TestHold.Builder builder(StripeStandIn stripe) {
        return TestHold.builder()
                .quotas(Quotas.EXAMPLE_WITH_BILLING)
                .env("STRIPE_SECRET_KEY", SECRET_KEY)
                .env("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
                .env("STRIPE_API_BASE", stripe.url());
    }

    public static BillingService service(TestHold hold) {
        return ((Billing.Enabled) hold.hold().billing()).service();
    }

    /** Delivers an event signed now by the hold's clock, as Stripe would. */
    public static XrpcResponse deliver(TestHold hold, String payload) {
        return deliver(hold, payload, StripeEvents.signature(WEBHOOK_SECRET, hold.clock().instant().getEpochSecond(), payload));
    }

    public static XrpcResponse deliver(TestHold hold, String payload, String signature) {
        return hold.post(WEBHOOK, payload, "Stripe-Signature", signature);
    }

    /** The member's tier as getQuota reports it. */
    public static String tierOf(TestHold hold, String did) {
        JsonNode quota = hold.get("/xrpc/io.atcr.hold.getQuota?userDid=" + did).json();
        return quota.path("tier").asText(null);
    }
}

package io.atcr.hold.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.BillingFixture;
import io.atcr.hold.testing.StripeStandIn;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.XrpcResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@code createCheckoutSession}: what the hold asks Stripe for, and every error the spec names. */
class CheckoutTest {
    @AutoClose
    private final BillingFixture billing = BillingFixture.start();

    @Test
    void theSessionIsASubscriptionForTheTiersPriceWithTheDidsInItsMetadata() {
        TestIdentities.User user = billing.crewMember();
        billing.checkout(user, "bosun", "yearly");

        StripeStandIn.Request created = billing.stripe.requests().stream()
                .filter(r -> r.is("POST", "/v1/checkout/sessions")).findFirst().orElseThrow();
        Map<String, String> p = created.params();
        assertEquals("subscription", p.get("mode"));
        assertEquals("price_bosun_yearly", p.get("line_items[0][price]"));
        assertEquals("1", p.get("line_items[0][quantity]"));
        assertEquals("http://hold.test/billing/success?session_id={CHECKOUT_SESSION_ID}", p.get("success_url"));
        assertEquals("http://hold.test/billing/cancel", p.get("cancel_url"));
        assertEquals(user.did(), p.get("client_reference_id"));
        for (String prefix : List.of("metadata", "subscription_data[metadata]")) {
            assertEquals(user.did(), p.get(prefix + "[user_did]"), prefix);
            assertEquals(TestHold.HOLD_DID, p.get(prefix + "[hold_did]"), prefix);
            assertEquals("bosun", p.get(prefix + "[tier]"), prefix);
        }
        String customer = p.get("customer");
        assertEquals(user.did(), billing.stripe.objects().allCustomers().get(0).path("metadata").path("user_did").asText());
        assertEquals(customer, billing.stripe.objects().allCustomers().get(0).path("id").asText());
    }

    @Test
    void anUnknownTierIsInvalidTier() {
        billing.checkout(billing.crewMember(), "admiral", "monthly").assertXrpcError(400, "InvalidTier");
    }

    @Test
    void aFreeTierIsInvalidTier() {
        billing.checkout(billing.crewMember(), "swabbie", "monthly").assertXrpcError(400, "InvalidTier");
    }

    @Test
    void anIntervalTheTierHasNoPriceForIsInvalidInterval() {
        XrpcResponse response = billing.checkout(billing.crewMember(), "deckhand", "monthly");
        response.assertXrpcError(400, "InvalidInterval");
        assertTrue(response.message().contains("yearly"), response.message());
    }

    @Test
    void anIntervalThatIsNeitherMonthlyNorYearlyIsInvalidInterval() {
        billing.checkout(billing.crewMember(), "bosun", "weekly").assertXrpcError(400, "InvalidInterval");
    }

    @Test
    void aCallerWhoIsNotCrewIsRefusedAndNothingIsMadeInStripe() {
        billing.checkout(billing.ids.newUser(), "bosun", "monthly").assertXrpcError(403, "NotCrewMember");
        assertEquals(List.of(), billing.stripe.objects().allCustomers());
    }

    @Test
    void withAllowAllCrewANewCallerJoinsTheCrew() {
        try (BillingFixture open = BillingFixture.start(b -> b.env("HOLD_ALLOW_ALL_CREW", "true"))) {
            TestIdentities.User stranger = open.ids.newUser();
            XrpcResponse response = open.checkout(stranger, "bosun", "monthly");
            assertEquals(200, response.status(), response.body());
            assertTrue(open.hold.hold().crew().find(stranger.did()).isPresent());
        }
    }

    @Test
    void aCallerWithALiveSubscriptionMustUseThePortal() {
        TestIdentities.User user = billing.crewMember();
        billing.subscribe(user, "deckhand", "yearly");
        XrpcResponse response = billing.checkout(user, "bosun", "monthly");
        response.assertXrpcError(409, "SubscriptionExists");
        assertTrue(response.message().contains("getBillingPortalUrl"), response.message());
    }

    @Test
    void aCanceledSubscriptionDoesNotBlockANewCheckout() {
        TestIdentities.User user = billing.crewMember();
        String sub = billing.subscribe(user, "deckhand", "yearly");
        billing.stripe.objects().setStatus(sub, "canceled");
        assertEquals(200, billing.checkout(user, "bosun", "monthly").status());
    }

    @Test
    void withoutATokenItIsAuthRequired() {
        XrpcResponse response = billing.hold.post("/xrpc/" + BillingFixture.CHECKOUT, Map.of("tier", "bosun", "interval", "monthly"));
        response.assertXrpcError(401, "AuthRequired");
    }

    @Test
    void aMissingFieldIsInvalidRequest() {
        TestIdentities.User user = billing.crewMember();
        XrpcResponse response = billing.hold.post("/xrpc/" + BillingFixture.CHECKOUT, Map.of("tier", "bosun"),
                "Authorization", user.bearer(BillingFixture.CHECKOUT));
        response.assertXrpcError(400, "InvalidRequest");
    }

    @Test
    void whenStripeIsDownItIsA502() {
        TestIdentities.User user = billing.crewMember();
        billing.stripe.down(true);
        billing.checkout(user, "bosun", "monthly").assertXrpcError(502, "StripeError");
    }

    @Test
    void concurrentCheckoutsOfOneCallerOpenOneSession() throws Exception {
        TestIdentities.User user = billing.crewMember();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.CompletableFuture<XrpcResponse>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return billing.checkout(user, "bosun", "monthly");
            }, java.util.concurrent.Executors.newSingleThreadExecutor()));
        }
        go.countDown();
        java.util.Set<String> urls = new java.util.HashSet<>();
        for (var call : calls) {
            assertEquals(200, call.get().status(), call.get().body());
            urls.add(call.get().json().path("url").asText());
        }
        assertEquals(1, urls.size(), "every call answers the one open session");
        assertEquals(1, billing.stripe.objects().openSessions().size());
        assertEquals(1, billing.stripe.objects().allCustomers().size());
    }

    @Test
    void aCheckoutForAnotherPlanExpiresTheOpenOne() {
        TestIdentities.User user = billing.crewMember();
        String first = billing.checkout(user, "bosun", "monthly").json().path("sessionId").asText();
        XrpcResponse second = billing.checkout(user, "bosun", "yearly");
        assertEquals(200, second.status(), second.body());
        List<com.fasterxml.jackson.databind.node.ObjectNode> open = billing.stripe.objects().openSessions();
        assertEquals(1, open.size());
        assertEquals(second.json().path("sessionId").asText(), open.get(0).path("id").asText());
        assertEquals("expired", billing.stripe.objects().sessionJson(first).path("status").asText());
    }

    @Test
    void anIncompleteSubscriptionDoesNotBlockACheckout() {
        TestIdentities.User user = billing.crewMember();
        String subscription = billing.pay(user, "bosun", "monthly");
        billing.stripe.objects().setStatus(subscription, "incomplete");
        assertEquals(200, billing.checkout(user, "bosun", "monthly").status());
        billing.stripe.objects().setStatus(subscription, "paused");
        billing.checkout(user, "bosun", "monthly").assertXrpcError(409, "SubscriptionExists");
    }
}

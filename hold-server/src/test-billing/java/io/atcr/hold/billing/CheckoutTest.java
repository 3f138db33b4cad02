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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code createCheckoutSession}: what the hold asks Stripe for, and every error the spec names. */
class CheckoutTest {
    private BillingFixture billing;

    @BeforeEach
    void start() {
        billing = BillingFixture.start();
    }

    @AfterEach
    void stop() {
        billing.close();
    }

    private static void assertError(XrpcResponse response, int status, String error) {
        assertEquals(status, response.status(), response.body());
        assertEquals(error, response.error(), response.body());
        assertTrue(!response.message().isBlank() && !response.body().contains("Exception"), response.body());
    }

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
        assertError(billing.checkout(billing.crewMember(), "admiral", "monthly"), 400, "InvalidTier");
    }

    @Test
    void aFreeTierIsInvalidTier() {
        assertError(billing.checkout(billing.crewMember(), "swabbie", "monthly"), 400, "InvalidTier");
    }

    @Test
    void anIntervalTheTierHasNoPriceForIsInvalidInterval() {
        XrpcResponse response = billing.checkout(billing.crewMember(), "deckhand", "monthly");
        assertError(response, 400, "InvalidInterval");
        assertTrue(response.message().contains("yearly"), response.message());
    }

    @Test
    void anIntervalThatIsNeitherMonthlyNorYearlyIsInvalidInterval() {
        assertError(billing.checkout(billing.crewMember(), "bosun", "weekly"), 400, "InvalidInterval");
    }

    @Test
    void aCallerWhoIsNotCrewIsRefusedAndNothingIsMadeInStripe() {
        assertError(billing.checkout(billing.ids.newUser(), "bosun", "monthly"), 403, "NotCrewMember");
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
        assertError(response, 409, "SubscriptionExists");
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
    void withoutATokenItIsAuthenticationRequired() {
        XrpcResponse response = billing.hold.post("/xrpc/" + BillingFixture.CHECKOUT, Map.of("tier", "bosun", "interval", "monthly"));
        assertError(response, 401, "AuthenticationRequired");
    }

    @Test
    void aMissingFieldIsInvalidRequest() {
        TestIdentities.User user = billing.crewMember();
        XrpcResponse response = billing.hold.post("/xrpc/" + BillingFixture.CHECKOUT, Map.of("tier", "bosun"),
                "Authorization", user.bearer(BillingFixture.CHECKOUT));
        assertError(response, 400, "InvalidRequest");
    }

    @Test
    void whenStripeIsDownItIsA502() {
        TestIdentities.User user = billing.crewMember();
        billing.stripe.down(true);
        assertError(billing.checkout(user, "bosun", "monthly"), 502, "StripeError");
    }
}

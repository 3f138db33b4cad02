package io.atcr.hold.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.BillingFixture;
import io.atcr.hold.testing.StripeStandIn;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.XrpcResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** One Stripe customer per (user, hold), found through a cache: what the hold asks Stripe, and how often. */
class CustomerTest {
    @AutoClose
    private final BillingFixture billing = BillingFixture.start();

    private List<StripeStandIn.Request> customerCreations() {
        return billing.stripe.requests().stream().filter(r -> r.is("POST", "/v1/customers")).toList();
    }

    @Test
    void twoCheckoutsWithinTheSearchLagMakeOneCustomer() {
        billing.stripe.searchLag(Duration.ofMinutes(1));
        TestIdentities.User user = billing.crewMember();
        assertEquals(200, billing.checkout(user, "bosun", "monthly").status());
        // A second process (a restart, or the command line) has an empty cache, and search does not see the customer yet.
        try (TestHold second = BillingFixture.builder(billing.stripe).identities(billing.ids).clock(billing.hold.clock()).start()) {
            second.cli("crew", "add", user.did());
            XrpcResponse again = second.post("/xrpc/" + BillingFixture.CHECKOUT, java.util.Map.of("tier", "bosun",
                    "interval", "yearly"), "Authorization", user.bearer(BillingFixture.CHECKOUT));
            assertEquals(200, again.status(), again.body());
        }
        assertEquals(2, customerCreations().size(), "both processes asked Stripe to create the customer");
        assertEquals(customerCreations().get(0).idempotencyKey(), customerCreations().get(1).idempotencyKey());
        assertEquals(1, billing.stripe.objects().allCustomers().size());
        List<String> sessionCustomers = billing.stripe.requests().stream().filter(r -> r.isExactly("POST", "/v1/checkout/sessions"))
                .map(r -> r.params().get("customer")).distinct().toList();
        assertEquals(1, sessionCustomers.size());
    }

    @Test
    void aCustomerSearchFindsMakesNoSecondCustomer() {
        TestIdentities.User user = billing.crewMember();
        String existing = billing.stripe.objects().customer(user.did(), TestHold.HOLD_DID);
        billing.checkout(user, "bosun", "monthly");
        assertEquals(0, customerCreations().size());
        assertEquals(existing, billing.stripe.requests().stream().filter(r -> r.is("POST", "/v1/checkout/sessions"))
                .findFirst().orElseThrow().params().get("customer"));
        String search = billing.stripe.requests().stream().filter(r -> r.is("GET", "/v1/customers/search"))
                .findFirst().orElseThrow().params().get("query");
        assertTrue(search.contains("metadata['user_did']:'" + user.did() + "'"), search);
        assertTrue(search.contains("metadata['hold_did']:'" + TestHold.HOLD_DID + "'"), search);
    }

    @Test
    void aWarmGetSubscriptionInfoAsksStripeNothing() {
        TestIdentities.User subscriber = billing.crewMember();
        TestIdentities.User other = billing.crewMember();
        billing.subscribe(subscriber, "bosun", "monthly");
        billing.info(subscriber);
        billing.info(other);
        billing.hold.get("/xrpc/" + BillingFixture.INFO);
        billing.stripe.clearRequests();

        assertEquals("bosun", billing.info(subscriber).json().path("user").path("subscription").path("tier").asText());
        assertEquals(200, billing.info(other).status());
        assertEquals(200, billing.hold.get("/xrpc/" + BillingFixture.INFO).status());
        assertEquals(List.of(), billing.stripe.requests());
    }

    @Test
    void aWebhookMakesAtMostTwoStripeRequestsAndRefreshesTheCache() {
        TestIdentities.User user = billing.crewMember();
        String sub = billing.subscribe(user, "bosun", "monthly");
        billing.info(user);
        billing.stripe.objects().setStatus(sub, "canceled");
        billing.stripe.clearRequests();

        assertEquals(200, billing.deliverAbout("customer.subscription.deleted", sub).status());
        assertTrue(billing.stripe.requests().size() <= 2, billing.stripe.requests().toString());

        assertTrue(billing.info(user).json().path("user").path("subscription").isNull(),
                "the webhook replaced the cached subscriptions");
    }

    @Test
    void stripeJavaRetriesAFailedRequest() {
        TestIdentities.User user = billing.crewMember();
        billing.stripe.failNext(1);
        XrpcResponse response = billing.checkout(user, "bosun", "monthly");
        assertEquals(200, response.status(), response.body());
    }

    @Test
    void aRememberedCustomerNeedsNoSearch() {
        TestIdentities.User user = billing.crewMember();
        assertEquals(200, billing.checkout(user, "bosun", "monthly").status());
        // Another process on the same database: its memory is empty, the database remembers the customer.
        try (TestHold second = BillingFixture.builder(billing.stripe).identities(billing.ids).clock(billing.hold.clock())
                .env("HOLD_DATABASE_DIR", billing.hold.env().get("HOLD_DATABASE_DIR")).start()) {
            billing.stripe.clearRequests();
            XrpcResponse info = second.get("/xrpc/" + BillingFixture.INFO, "Authorization", user.bearer(BillingFixture.INFO));
            assertEquals(200, info.status(), info.body());
            assertTrue(billing.stripe.requests().stream().noneMatch(r -> r.is("GET", "/v1/customers/search")),
                    billing.stripe.requests().toString());
        }
    }

    @Test
    void aCustomerDeletedSoonAfterCreationIsReplacedByANewOne() {
        TestIdentities.User user = billing.crewMember();
        assertEquals(200, billing.checkout(user, "bosun", "monthly").status());
        String deleted = billing.stripe.objects().allCustomers().get(0).path("id").asText();
        billing.stripe.objects().deleteCustomer(deleted);
        XrpcResponse again = billing.checkout(user, "bosun", "monthly");
        assertEquals(200, again.status(), again.body());
        assertEquals(2, customerCreations().size());
        assertTrue(!customerCreations().get(0).idempotencyKey().equals(customerCreations().get(1).idempotencyKey()),
                "a new customer needs a new idempotency key, or Stripe replays the deleted one");
        String used = billing.stripe.requests().stream().filter(r -> r.isExactly("POST", "/v1/checkout/sessions"))
                .reduce((a, b) -> b).orElseThrow().params().get("customer");
        assertTrue(!used.equals(deleted), "the new checkout is for the new customer");
    }
}
